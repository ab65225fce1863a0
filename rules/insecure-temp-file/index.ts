import fixedTmpPath from './fixed-tmp-path';
import tempfileMktemp from './tempfile-mktemp';
import worldWritablePermissions from './world-writable-permissions';

export default [tempfileMktemp, fixedTmpPath, worldWritablePermissions];

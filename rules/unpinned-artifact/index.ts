import downloadWithoutChecksum from './download-without-checksum';
import hfHubUnpinnedRevision from './hf-hub-unpinned-revision';

export default [hfHubUnpinnedRevision, downloadWithoutChecksum];

import corsWildcardCredentials from './cors-wildcard-credentials';
import mlServerAuthDisabled from './ml-server-auth-disabled';
import serverBindsAllInterfaces from './server-binds-all-interfaces';
import serverDebugEnabled from './server-debug-enabled';

export default [serverDebugEnabled, serverBindsAllInterfaces, corsWildcardCredentials, mlServerAuthDisabled];

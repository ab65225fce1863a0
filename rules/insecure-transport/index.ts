import aiohttpSslDisabled from './aiohttp-ssl-disabled';
import caBundleDisabled from './ca-bundle-disabled';
import plainHttpUrl from './plain-http-url';
import requestsVerifyDisabled from './requests-verify-disabled';
import shellTlsVerificationDisabled from './shell-tls-verification-disabled';
import sslVerificationDisabled from './ssl-verification-disabled';
import tlsWarningsDisabled from './tls-warnings-disabled';

export default [requestsVerifyDisabled, aiohttpSslDisabled, sslVerificationDisabled, caBundleDisabled, tlsWarningsDisabled, shellTlsVerificationDisabled, plainHttpUrl];

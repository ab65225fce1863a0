import evalUntrustedCode from './eval-untrusted-code';
import hfTrustRemoteCode from './hf-trust-remote-code';
import nativeLibraryUntrustedPath from './native-library-untrusted-path';
import torchHubLoadUnpinned from './torch-hub-load-unpinned';

export default [hfTrustRemoteCode, evalUntrustedCode, torchHubLoadUnpinned, nativeLibraryUntrustedPath];

import hfTrustRemoteCode from './hf-trust-remote-code';

export default [hfTrustRemoteCode];

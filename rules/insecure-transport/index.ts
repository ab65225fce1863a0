import requestsVerifyDisabled from './requests-verify-disabled';

export default [requestsVerifyDisabled];

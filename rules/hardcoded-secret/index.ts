import type { Rule } from '../../server/src/engine/api';
import hardcodedGenericSecret from './hardcoded-generic-secret';
import hardcodedPrivateKey from './hardcoded-private-key';
import hardcodedProviderSecret from './hardcoded-provider-secret';
import hardcodedUrlCredentials from './hardcoded-url-credentials';

const rules: Rule[] = [hardcodedProviderSecret, hardcodedPrivateKey, hardcodedUrlCredentials, hardcodedGenericSecret];
export default rules;

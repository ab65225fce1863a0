/** Secret and personal-data detection over any text: providers, generic secrets, PII, redaction. */
export { DETECTORS, type SecretDetector } from './providers';
export { redact, redactAll } from './redact';
export { scanText, findProviderTokens, findPrivateKeys, findUrlCredentials, findTextPairs, classifyPair, type SecretMatch, type SecretKind } from './scan';
export { isSecretName, isPlaceholder, isGenericSecret, looksRandom, shannonEntropy } from './shape';
export { findPii, describeCounts, type PiiMatch, type PiiKind } from './pii';
export { secretsOfUnit, secretsOfOutputs, envFileEdits, dotenvLine, type UnitSecret, type OutputSecret } from './analyze';
export { reportUnitSecrets, shown, outputAnchor, clearOutputFix, outputSecretsByOutput, mimeName } from './report';

import { defineRule } from '../../server/src/engine/api';
import { reportUnitSecrets, shown } from '../../server/src/engine/secrets';

export default defineRule({
  id: 'hardcoded-private-key',
  category: 'hardcoded-secret',
  severity: 'error',
  cwe: 321,
  message: 'A private key is embedded here: whoever has this file can sign, decrypt or log in as its owner. Load it from a file outside the repository or a secret manager, and replace the key.',
  docs: {
    what: 'Finds PEM private key blocks (`-----BEGIN RSA PRIVATE KEY-----`, `OPENSSH`, `EC`, `ENCRYPTED`, PKCS#8) with real key material, including the `"private_key"` field of a Google Cloud service-account JSON, in code, notebooks (cells and saved outputs are separate rules), and config files.',
    why: 'A private key is the identity itself: an SSH key opens servers, a service-account key opens the cloud project with every permission it was granted, a TLS key lets someone impersonate your endpoint. Keys in notebooks and configs end up in git history, Docker layers and shared drives.',
    fix: 'Delete the key from the source and revoke it (create a new key for the service account, remove the SSH key from authorized_keys). Point code at a key file kept out of the repository (`GOOGLE_APPLICATION_CREDENTIALS=/path/key.json`), or better use workload identity / a secret manager.',
    example: {
      bad: 'creds = service_account.Credentials.from_service_account_info({"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE…"})',
      good: 'creds = service_account.Credentials.from_service_account_file(os.environ["GOOGLE_APPLICATION_CREDENTIALS"])',
    },
    references: ['https://cwe.mitre.org/data/definitions/321.html', 'https://cloud.google.com/iam/docs/best-practices-for-managing-service-account-keys'],
  },
  onText(unit, context) {
    reportUnitSecrets(
      unit,
      context,
      ['private-key'],
      (secret, where) => `A ${shown(secret)} is embedded ${where}: whoever has this file can sign, decrypt or log in as its owner. Keep keys out of the source and replace this one.`,
    );
  },
});

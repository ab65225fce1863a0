import type { Rule } from '../../server/src/engine/api';
import piiWrittenUnencrypted from './pii-written-unencrypted';
import s3UploadWithoutEncryption from './s3-upload-without-encryption';

const rules: Rule[] = [piiWrittenUnencrypted, s3UploadWithoutEncryption];
export default rules;

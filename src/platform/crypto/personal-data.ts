import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts personal identifiers (NIK, phone) at rest with AES-256-GCM, and gives a keyed
 * blind index (HMAC) so that uniqueness and look-up work without decrypting.
 */
export type PersonalDataCipher = {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  blindIndex(value: string): string;
};

export function createPersonalDataCipher(secretKey: string): PersonalDataCipher {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', secretKey, 'terpadu-personal-data', info, 32));
  const encryptionKey = derive('encryption');
  const indexKey = derive('blind-index');
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
    },
    decrypt(ciphertext) {
      const [version, iv, tag, body] = ciphertext.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest('hex');
    },
  };
}

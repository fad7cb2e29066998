//! Access tokens encrypted at rest with AES-256-SIV.
//!
//! Stored format: `0x01 ‖ key id (4 bytes) ‖ nonce (16 bytes) ‖ ciphertext ‖ tag`.
//! The key id names the master key that encrypted it, so keys can rotate:
//! the cipher decrypts with any key it holds and encrypts with the current
//! one. The context (e.g. `accounts.token:<id>`) is bound as associated data.

use aes_siv::Aes256SivAead;
use aes_siv::aead::{Aead, KeyInit, Payload};
use secrecy::{ExposeSecret, SecretString};
use socialflow_core::account::EncryptedToken;
use socialflow_core::crypto::{CipherError, TokenCipher};
use zeroize::Zeroizing;

use crate::MasterKey;

const VERSION: u8 = 1;
const KEY_ID_LEN: usize = 4;
const NONCE_LEN: usize = 16;
const HEADER_LEN: usize = 1 + KEY_ID_LEN + NONCE_LEN;

struct Key {
    id: [u8; KEY_ID_LEN],
    cipher: Aes256SivAead,
}

impl Key {
    fn from_master(master: &MasterKey) -> Result<Self, CipherError> {
        // A dedicated 64-byte key, so the master key is never used directly.
        let mut bytes = Zeroizing::new([0u8; 64]);
        bytes[..32].copy_from_slice(&master.derive("token-cipher/1"));
        bytes[32..].copy_from_slice(&master.derive("token-cipher/2"));
        let cipher = Aes256SivAead::new_from_slice(&bytes[..]).map_err(|_| CipherError::Failed)?;
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&master.derive("token-cipher/key-id")[..KEY_ID_LEN]);
        Ok(Key { id, cipher })
    }
}

/// Encrypts with the current master key; decrypts with it or any previous one.
pub struct AesSivTokenCipher {
    current: Key,
    previous: Vec<Key>,
}

impl AesSivTokenCipher {
    pub fn new(current: &MasterKey, previous: &[MasterKey]) -> Result<Self, CipherError> {
        Ok(Self {
            current: Key::from_master(current)?,
            previous: previous
                .iter()
                .map(Key::from_master)
                .collect::<Result<_, _>>()?,
        })
    }

    /// The id stored in front of ciphertexts made with this key, as hex.
    pub fn current_key_id(&self) -> String {
        hex::encode(self.current.id)
    }

    fn key_for(&self, id: &[u8]) -> Option<&Key> {
        std::iter::once(&self.current)
            .chain(self.previous.iter())
            .find(|k| k.id == id)
    }
}

impl TokenCipher for AesSivTokenCipher {
    fn encrypt(
        &self,
        plaintext: &SecretString,
        context: &str,
    ) -> Result<EncryptedToken, CipherError> {
        let nonce_bytes = crate::random_bytes::<NONCE_LEN>();
        let nonce = aes_siv::Nonce::try_from(&nonce_bytes[..]).map_err(|_| CipherError::Failed)?;
        let sealed = self
            .current
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext.expose_secret().as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| CipherError::Failed)?;
        let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&self.current.id);
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&sealed);
        Ok(EncryptedToken(out))
    }

    fn decrypt(
        &self,
        ciphertext: &EncryptedToken,
        context: &str,
    ) -> Result<SecretString, CipherError> {
        let data = &ciphertext.0;
        if data.len() <= HEADER_LEN || data[0] != VERSION {
            return Err(CipherError::Undecryptable);
        }
        let key = self
            .key_for(&data[1..1 + KEY_ID_LEN])
            .ok_or(CipherError::Undecryptable)?;
        let nonce = aes_siv::Nonce::try_from(&data[1 + KEY_ID_LEN..HEADER_LEN])
            .map_err(|_| CipherError::Undecryptable)?;
        let plain = Zeroizing::new(
            key.cipher
                .decrypt(
                    &nonce,
                    Payload {
                        msg: &data[HEADER_LEN..],
                        aad: context.as_bytes(),
                    },
                )
                .map_err(|_| CipherError::Undecryptable)?,
        );
        let text = std::str::from_utf8(&plain).map_err(|_| CipherError::Undecryptable)?;
        Ok(SecretString::from(text.to_string()))
    }

    fn is_stale(&self, ciphertext: &EncryptedToken) -> bool {
        ciphertext.0.get(1..1 + KEY_ID_LEN) != Some(&self.current.id[..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        s.to_string().into()
    }

    #[test]
    fn round_trips_and_hides_the_plaintext() {
        let c = AesSivTokenCipher::new(&MasterKey::generate(), &[]).expect("cipher");
        let token = "IGAAOEcf-very-secret-token";
        let sealed = c
            .encrypt(&secret(token), "accounts.token:1")
            .expect("encrypt");
        assert!(!sealed.0.windows(token.len()).any(|w| w == token.as_bytes()));
        assert_eq!(sealed.0[0], VERSION);
        assert_eq!(
            c.decrypt(&sealed, "accounts.token:1")
                .expect("decrypt")
                .expose_secret(),
            token
        );
        // Same plaintext twice gives different ciphertexts (random nonce).
        assert_ne!(
            c.encrypt(&secret(token), "accounts.token:1")
                .expect("encrypt"),
            sealed
        );
    }

    #[test]
    fn context_and_tampering_are_detected() {
        let c = AesSivTokenCipher::new(&MasterKey::generate(), &[]).expect("cipher");
        let sealed = c
            .encrypt(&secret("t"), "accounts.token:1")
            .expect("encrypt");
        assert_eq!(
            c.decrypt(&sealed, "accounts.token:2").err(),
            Some(CipherError::Undecryptable)
        );
        let mut bad = sealed.clone();
        let last = bad.0.len() - 1;
        bad.0[last] ^= 1;
        assert_eq!(
            c.decrypt(&bad, "accounts.token:1").err(),
            Some(CipherError::Undecryptable)
        );
        assert_eq!(
            c.decrypt(&EncryptedToken(vec![1, 2]), "x").err(),
            Some(CipherError::Undecryptable)
        );
    }

    #[test]
    fn rotation_reads_old_keys_and_writes_the_new_one() {
        let old = MasterKey::generate();
        let new = MasterKey::generate();
        let before = AesSivTokenCipher::new(&old, &[]).expect("cipher");
        let sealed = before.encrypt(&secret("tok"), "ctx").expect("encrypt");
        let after = AesSivTokenCipher::new(
            &new,
            &[MasterKey::from_base64(old.to_base64().expose_secret()).expect("copy")],
        )
        .expect("cipher");
        assert!(after.is_stale(&sealed));
        assert_eq!(
            after
                .decrypt(&sealed, "ctx")
                .expect("old key")
                .expose_secret(),
            "tok"
        );
        let resealed = after.encrypt(&secret("tok"), "ctx").expect("encrypt");
        assert!(!after.is_stale(&resealed));
        // A process with only the new key cannot read old ciphertexts.
        let only_new = AesSivTokenCipher::new(
            &MasterKey::from_base64(new.to_base64().expose_secret()).expect("copy"),
            &[],
        )
        .expect("cipher");
        assert_eq!(
            only_new.decrypt(&sealed, "ctx").err(),
            Some(CipherError::Undecryptable)
        );
    }
}

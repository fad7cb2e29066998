//! Encryption of backup archives: the plaintext stream is cut into chunks of
//! at most 1 MiB, each sealed with AES-256-SIV under a key derived from the
//! master key. Each chunk's associated data binds the file header, its
//! index and whether it is the last one, so chunks cannot be reordered,
//! dropped or cut off without decryption failing.
//!
//! File: `SFBACKUP1` ‖ key id (4 bytes) ‖ chunks; chunk: length of what
//! follows (u32, big-endian) ‖ nonce (16 bytes) ‖ ciphertext ‖ tag.

use std::io::{self, Read, Write};

use aes_siv::Aes256SivAead;
use aes_siv::aead::{Aead, KeyInit, Payload};
use zeroize::Zeroizing;

use crate::MasterKey;

const MAGIC: &[u8; 9] = b"SFBACKUP1";
const KEY_ID_LEN: usize = 4;
const NONCE_LEN: usize = 16;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 1 << 20;
const MAX_RECORD: usize = CHUNK + NONCE_LEN + 16;

#[derive(Debug, thiserror::Error)]
pub enum BackupCipherError {
    #[error("not a SocialFlow backup")]
    NotABackup,
    #[error(
        "this backup was made with another master key; set SOCIALFLOW_MASTER_KEY to the key of the installation that made it"
    )]
    WrongKey,
    #[error("the backup is damaged or was altered (chunk {0} does not decrypt)")]
    Damaged(u64),
    #[error("the backup is cut off (no final chunk)")]
    Truncated,
    #[error("cannot derive the backup key")]
    Key,
    #[error(transparent)]
    Io(#[from] io::Error),
}

fn to_io(e: BackupCipherError) -> io::Error {
    match e {
        BackupCipherError::Io(e) => e,
        other => io::Error::new(io::ErrorKind::InvalidData, other),
    }
}

/// The backup key of a master key.
pub struct BackupKey {
    id: [u8; KEY_ID_LEN],
    cipher: Aes256SivAead,
}

impl BackupKey {
    pub fn from_master(master: &MasterKey) -> Result<Self, BackupCipherError> {
        let mut bytes = Zeroizing::new([0u8; 64]);
        bytes[..32].copy_from_slice(&master.derive("backup/1"));
        bytes[32..].copy_from_slice(&master.derive("backup/2"));
        let cipher =
            Aes256SivAead::new_from_slice(&bytes[..]).map_err(|_| BackupCipherError::Key)?;
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&master.derive("backup/key-id")[..KEY_ID_LEN]);
        Ok(BackupKey { id, cipher })
    }

    fn aad(&self, index: u64, last: bool) -> Vec<u8> {
        let mut aad = Vec::with_capacity(MAGIC.len() + KEY_ID_LEN + 9);
        aad.extend_from_slice(MAGIC);
        aad.extend_from_slice(&self.id);
        aad.extend_from_slice(&index.to_be_bytes());
        aad.push(u8::from(last));
        aad
    }
}

/// Encrypts everything written to it; [`EncryptingWriter::finish`] seals
/// the last chunk and must be called.
pub struct EncryptingWriter<W: Write> {
    inner: W,
    key: BackupKey,
    buf: Vec<u8>,
    index: u64,
}

impl<W: Write> EncryptingWriter<W> {
    pub fn new(mut inner: W, key: BackupKey) -> io::Result<Self> {
        inner.write_all(MAGIC)?;
        inner.write_all(&key.id)?;
        Ok(Self {
            inner,
            key,
            buf: Vec::with_capacity(CHUNK),
            index: 0,
        })
    }

    fn seal(&mut self, last: bool) -> io::Result<()> {
        let nonce_bytes = crate::random_bytes::<NONCE_LEN>();
        let nonce = aes_siv::Nonce::try_from(&nonce_bytes[..])
            .map_err(|_| io::Error::other("nonce length"))?;
        let aad = self.key.aad(self.index, last);
        let sealed = self
            .key
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: &self.buf,
                    aad: &aad,
                },
            )
            .map_err(|_| io::Error::other("encryption failed"))?;
        let len = u32::try_from(NONCE_LEN + sealed.len())
            .map_err(|_| io::Error::other("chunk too large"))?;
        self.inner.write_all(&len.to_be_bytes())?;
        self.inner.write_all(&nonce_bytes)?;
        self.inner.write_all(&sealed)?;
        self.buf.clear();
        self.index += 1;
        Ok(())
    }

    /// Seals the final chunk and returns the inner writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.seal(true)?;
        self.inner.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for EncryptingWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let room = CHUNK - self.buf.len();
        let n = room.min(data.len());
        self.buf.extend_from_slice(&data[..n]);
        if self.buf.len() == CHUNK {
            self.seal(false)?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Decrypts a backup while it is read; fails on any alteration, a wrong
/// key, or a missing end.
pub struct DecryptingReader<R: Read> {
    inner: R,
    key: BackupKey,
    plain: Zeroizing<Vec<u8>>,
    pos: usize,
    index: u64,
    done: bool,
}

impl<R: Read> DecryptingReader<R> {
    pub fn new(mut inner: R, key: BackupKey) -> Result<Self, BackupCipherError> {
        let mut magic = [0u8; MAGIC.len()];
        inner
            .read_exact(&mut magic)
            .map_err(|_| BackupCipherError::NotABackup)?;
        if &magic != MAGIC {
            return Err(BackupCipherError::NotABackup);
        }
        let mut id = [0u8; KEY_ID_LEN];
        inner
            .read_exact(&mut id)
            .map_err(|_| BackupCipherError::NotABackup)?;
        if id != key.id {
            return Err(BackupCipherError::WrongKey);
        }
        Ok(Self {
            inner,
            key,
            plain: Zeroizing::new(Vec::new()),
            pos: 0,
            index: 0,
            done: false,
        })
    }

    fn next_chunk(&mut self) -> Result<(), BackupCipherError> {
        let mut len = [0u8; 4];
        match self.inner.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return Err(BackupCipherError::Truncated);
            }
            Err(e) => return Err(e.into()),
        }
        let len = u32::from_be_bytes(len) as usize;
        if !(NONCE_LEN + 16..=MAX_RECORD).contains(&len) {
            return Err(BackupCipherError::Damaged(self.index));
        }
        let mut record = vec![0u8; len];
        self.inner.read_exact(&mut record).map_err(|e| {
            if e.kind() == io::ErrorKind::UnexpectedEof {
                BackupCipherError::Truncated
            } else {
                e.into()
            }
        })?;
        let (nonce_bytes, sealed) = record.split_at(NONCE_LEN);
        let nonce = aes_siv::Nonce::try_from(nonce_bytes)
            .map_err(|_| BackupCipherError::Damaged(self.index))?;
        // The sender marks the last chunk; try both readings of the flag.
        for last in [false, true] {
            let aad = self.key.aad(self.index, last);
            if let Ok(plain) = self.key.cipher.decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: &aad,
                },
            ) {
                self.plain = Zeroizing::new(plain);
                self.pos = 0;
                self.index += 1;
                self.done = last;
                return Ok(());
            }
        }
        Err(BackupCipherError::Damaged(self.index))
    }

    /// Checks nothing follows the final chunk.
    pub fn finish(mut self) -> Result<(), BackupCipherError> {
        let mut rest = [0u8; 1];
        while !self.done {
            self.next_chunk()?;
        }
        match self.inner.read(&mut rest)? {
            0 => Ok(()),
            _ => Err(BackupCipherError::Damaged(self.index)),
        }
    }
}

impl<R: Read> Read for DecryptingReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.plain.len() {
            if self.done {
                return Ok(0);
            }
            self.next_chunk().map_err(to_io)?;
        }
        let n = out.len().min(self.plain.len() - self.pos);
        out[..n].copy_from_slice(&self.plain[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn seal(master: &MasterKey, data: &[u8]) -> Vec<u8> {
        let mut w =
            EncryptingWriter::new(Vec::new(), BackupKey::from_master(master).unwrap()).unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    fn open(master: &MasterKey, sealed: &[u8]) -> Result<Vec<u8>, String> {
        let mut r = DecryptingReader::new(sealed, BackupKey::from_master(master).unwrap())
            .map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        r.read_to_end(&mut out).map_err(|e| e.to_string())?;
        r.finish().map_err(|e| e.to_string())?;
        Ok(out)
    }

    #[test]
    fn round_trips_across_chunks_and_hides_the_plaintext() {
        let k = MasterKey::generate();
        let data: Vec<u8> = b"secret-token-IGAA ".repeat(60_000); // > 1 chunk
        let sealed = seal(&k, &data);
        assert!(!sealed.windows(17).any(|w| w == b"secret-token-IGAA"));
        assert_eq!(open(&k, &sealed).unwrap(), data);
        assert_eq!(open(&k, &seal(&k, b"")).unwrap(), b"");
    }

    #[test]
    fn refuses_another_key_alterations_and_truncation() {
        let k = MasterKey::generate();
        let data = vec![7u8; CHUNK + 10];
        let sealed = seal(&k, &data);
        assert!(
            open(&MasterKey::generate(), &sealed)
                .unwrap_err()
                .contains("another master key")
        );
        let mut flipped = sealed.clone();
        let at = flipped.len() / 2;
        flipped[at] ^= 1;
        assert!(open(&k, &flipped).unwrap_err().contains("damaged"));
        // Dropping the final chunk: the first one is not marked last.
        let first_len = u32::from_be_bytes(sealed[13..17].try_into().unwrap()) as usize;
        let cut = &sealed[..17 + first_len];
        assert!(open(&k, cut).unwrap_err().contains("cut off"));
        assert!(
            open(&k, b"not a backup at all")
                .unwrap_err()
                .contains("not a SocialFlow")
        );
    }
}

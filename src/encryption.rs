//! The cryptography of an encrypted build (README, "Private reports"), all of it from the
//! RustCrypto crates: the site's key is derived from the password with PBKDF2-HMAC-SHA256 and a
//! random salt, once per build (600,000 rounds take a noticeable fraction of a second), and
//! each page is sealed with AES-256-GCM under a random nonce. The browser does the same with
//! WebCrypto (`themes/default/templates/partials/unlock.js`), so the formats here are that
//! script's: a sealed value is base64 of the 12-byte nonce, then the ciphertext with its
//! 16-byte tag.
//!
//! Randomness comes from the operating system (`getrandom`). Test builds alone (the
//! `test-hooks` feature, never a release binary) take a fixed seed from `SPRINTGEN_TEST_SEED`,
//! so that two builds can be compared byte for byte; the seed changes where salts and nonces
//! come from, nothing else: the rounds, the cipher and the key's length stay as they are.

use std::sync::{Arc, Mutex};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use pbkdf2::{Algorithm, Params};

use crate::model::SALT_BYTES;

/// PBKDF2's rounds: OWASP's figure for PBKDF2-HMAC-SHA256 (2023), 600,000.
pub const ITERATIONS: u32 = Params::RECOMMENDED_ROUNDS;
const NONCE_BYTES: usize = 12;
/// What the key check authenticates, so that no page's ciphertext can pass for it.
const KEY_CHECK_AAD: &[u8] = b"sprintgen key check";
/// The variable that holds the site's password.
pub const PASSWORD_VARIABLE: &str = "SPRINTGEN_PASSWORD";
/// Shorter passwords get a warning: a page can be tried offline against any guess.
pub const SHORT_PASSWORD: usize = 12;
/// The variable that holds the seed of a test build's randomness.
#[cfg(feature = "test-hooks")]
const TEST_SEED: &str = "SPRINTGEN_TEST_SEED";

/// The site's password, as the environment gave it. Never printed.
pub struct Password(String);

impl Password {
    /// The password, or `None` for an empty one (what a workflow passes for a secret that does
    /// not exist).
    pub fn new(text: String) -> Option<Password> {
        (!text.is_empty()).then_some(Password(text))
    }

    /// How many characters it has, for the warning about short ones.
    pub fn len(&self) -> usize {
        self.0.chars().count()
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// The password with the key derived from it: derived once, and again only for another salt.
/// `serve` keeps one for all its builds, so that a site without a salt of its own keeps the
/// random one it got first, and an open page's stored key stays good across rebuilds.
#[derive(Debug)]
pub struct Secret {
    password: Password,
    random: Random,
    derived: Mutex<Option<Derived>>,
}

/// A key derived, with the salt the site's settings gave for it (`None`: a random one).
type Derived = (Option<[u8; SALT_BYTES]>, Arc<SiteKey>);

impl Secret {
    pub fn new(password: Password, random: Random) -> Secret {
        Secret {
            password,
            random,
            derived: Mutex::new(None),
        }
    }

    pub fn password(&self) -> &Password {
        &self.password
    }

    pub fn random(&self) -> Random {
        self.random
    }

    /// The site's key for the salt of its settings, `configured`, or a new random salt.
    pub fn key(&self, configured: Option<[u8; SALT_BYTES]>) -> Result<Arc<SiteKey>, String> {
        let mut derived = self
            .derived
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((salt, key)) = derived.as_ref()
            && *salt == configured
        {
            return Ok(Arc::clone(key));
        }
        let salt = match configured {
            Some(salt) => salt,
            None => self.random.salt()?,
        };
        let key = Arc::new(SiteKey::derive(&self.password, salt, &self.random)?);
        *derived = Some((configured, Arc::clone(&key)));
        Ok(key)
    }
}

/// Where salts and nonces come from.
#[derive(Clone, Copy, Debug)]
pub enum Random {
    /// The operating system's random source.
    System,
    /// A test build's fixed seed: each value is drawn from a ChaCha20 stream keyed by the seed
    /// and what the value is for (a nonce: the page's label and its text), so that it does not
    /// depend on which thread asks first, and a changed page never gets its old nonce again.
    #[cfg(feature = "test-hooks")]
    Seeded(u64),
}

impl Random {
    /// The system's randomness, or a test build's seed from `SPRINTGEN_TEST_SEED`.
    pub fn from_environment() -> Random {
        #[cfg(feature = "test-hooks")]
        if let Some(seed) = std::env::var(TEST_SEED).ok().and_then(|s| s.parse().ok()) {
            return Random::Seeded(seed);
        }
        Random::System
    }

    /// Fills `out` with random bytes for `purpose`, in parts (a test seed's stream is chosen
    /// by them).
    pub fn fill(&self, purpose: &[&[u8]], out: &mut [u8]) -> Result<(), String> {
        match self {
            Random::System => {
                let _ = purpose;
                getrandom::fill(out)
                    .map_err(|e| format!("the system's random number generator failed: {e}"))
            }
            #[cfg(feature = "test-hooks")]
            Random::Seeded(seed) => {
                use pbkdf2::sha2::{Digest, Sha256};
                use rand_chacha::rand_core::{Rng, SeedableRng};
                let mut stream = Sha256::new();
                stream.update(seed.to_le_bytes());
                for part in purpose {
                    stream.update((part.len() as u64).to_le_bytes());
                    stream.update(part);
                }
                rand_chacha::ChaCha20Rng::from_seed(stream.finalize().into()).fill_bytes(out);
                Ok(())
            }
        }
    }

    /// A new salt.
    pub fn salt(&self) -> Result<[u8; SALT_BYTES], String> {
        let mut salt = [0; SALT_BYTES];
        self.fill(&[b"salt"], &mut salt)?;
        Ok(salt)
    }
}

/// The site's key, derived once, with what the browser needs to derive it again: the salt, the
/// rounds, and the key check (an empty message sealed under the key), which tells a wrong
/// password from a damaged page.
pub struct SiteKey {
    cipher: Aes256Gcm,
    salt: [u8; SALT_BYTES],
    check: String,
}

impl std::fmt::Debug for SiteKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteKey")
            .field("salt", &self.salt())
            .finish_non_exhaustive()
    }
}

impl SiteKey {
    /// Derives the key of `password` with `salt` ([`ITERATIONS`] rounds of PBKDF2-HMAC-SHA256).
    pub fn derive(
        password: &Password,
        salt: [u8; SALT_BYTES],
        random: &Random,
    ) -> Result<SiteKey, String> {
        let mut key = Key::<Aes256Gcm>::default();
        // The crate's own instance of PBKDF2-HMAC-SHA256 (not one made generic here), which
        // debug builds optimise too (Cargo.toml).
        let params = Params::RECOMMENDED;
        debug_assert_eq!(
            (params.rounds(), params.output_len()),
            (ITERATIONS, key.len())
        );
        pbkdf2::pbkdf2_hmac_with_params(
            password.0.as_bytes(),
            &salt,
            Algorithm::Pbkdf2Sha256,
            params,
            &mut key,
        );
        let cipher = Aes256Gcm::new(&key);
        let check = seal_with(&cipher, random, "key check", b"", KEY_CHECK_AAD)?;
        Ok(SiteKey {
            cipher,
            salt,
            check,
        })
    }

    /// The salt, in base64.
    pub fn salt(&self) -> String {
        BASE64.encode(self.salt)
    }

    /// The key check, sealed as a page is.
    pub fn check(&self) -> &str {
        &self.check
    }

    /// The page published at `address` (see [`page_label`]) sealed under a new nonce: base64
    /// of the nonce, the ciphertext and the tag. The label is authenticated with it, so the
    /// page opens only where it was published: moved to another address, it fails as a
    /// changed page does.
    pub fn seal_page(
        &self,
        plaintext: &[u8],
        random: &Random,
        address: &str,
    ) -> Result<String, String> {
        let label = page_label(address);
        seal_with(&self.cipher, random, &label, plaintext, label.as_bytes())
    }
}

/// What a page's sealed text is bound to: its address under the site's root, the way the
/// browser sees it (`alphapulse/sprint-04/` for `alphapulse/sprint-04/index.html`, the empty
/// address for the portfolio), or `404.html` for the 404 page, which a host shows at any
/// address. `unlock.js` builds the same label from the page's location.
pub fn page_label(path: &str) -> String {
    let address = match path {
        "404.html" => path,
        _ => path.strip_suffix("index.html").unwrap_or(path),
    };
    format!("sprintgen page {address}")
}

fn seal_with(
    cipher: &Aes256Gcm,
    random: &Random,
    purpose: &str,
    plaintext: &[u8],
    aad: &[u8],
) -> Result<String, String> {
    let mut nonce = Nonce::default();
    random.fill(&[purpose.as_bytes(), plaintext], &mut nonce)?;
    let sealed = cipher
        .encrypt(
            &nonce,
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| format!("cannot encrypt {} bytes", plaintext.len()))?;
    let mut bytes = Vec::with_capacity(NONCE_BYTES + sealed.len());
    bytes.extend_from_slice(&nonce);
    bytes.extend_from_slice(&sealed);
    Ok(BASE64.encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(key: &[u8], sealed: &str, aad: &[u8]) -> Option<Vec<u8>> {
        let bytes = BASE64.decode(sealed).ok()?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let cipher = Aes256Gcm::new(&Key::<Aes256Gcm>::try_from(key).ok()?);
        let nonce = Nonce::try_from(nonce).ok()?;
        cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .ok()
    }

    /// The key of "correct horse" with the salt 0, 1, …, 15, as Python's
    /// `hashlib.pbkdf2_hmac("sha256", b"correct horse", bytes(range(16)), 600000).hex()` gives it.
    const KEY: &str = "96a5904c2e08c8da42305dbcc5d7cf18ead2636d49f59526b606f26696281473";

    fn key_bytes() -> Vec<u8> {
        (0..KEY.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&KEY[i..i + 2], 16).unwrap())
            .collect()
    }

    fn salt() -> [u8; SALT_BYTES] {
        std::array::from_fn(|i| i as u8)
    }

    #[test]
    fn the_key_is_pbkdf2_hmac_sha256_with_600000_rounds() {
        let password = Password::new("correct horse".into()).unwrap();
        let key = SiteKey::derive(&password, salt(), &Random::System).unwrap();
        assert_eq!(key.salt(), "AAECAwQFBgcICQoLDA0ODw==");
        let sealed = key
            .seal_page(
                b"<p>sprint 4</p>",
                &Random::System,
                "team/sprint-04/index.html",
            )
            .unwrap();
        // Nonce, then 15 bytes of ciphertext, then the tag.
        assert_eq!(BASE64.decode(&sealed).unwrap().len(), 12 + 15 + 16);
        assert_eq!(
            open(&key_bytes(), &sealed, b"sprintgen page team/sprint-04/").unwrap(),
            b"<p>sprint 4</p>"
        );
        // Bound to its address: at another it does not open.
        assert!(open(&key_bytes(), &sealed, b"sprintgen page team/sprint-03/").is_none());
        assert!(open(&key_bytes(), &sealed, b"").is_none());
        assert_eq!(open(&key_bytes(), key.check(), KEY_CHECK_AAD).unwrap(), b"");
        // The check is no page, and a page no check.
        assert!(open(&key_bytes(), key.check(), b"").is_none());
        assert!(open(&key_bytes(), &sealed, KEY_CHECK_AAD).is_none());
    }

    #[test]
    fn a_page_is_labelled_with_its_address_as_a_browser_sees_it() {
        assert_eq!(page_label("index.html"), "sprintgen page ");
        assert_eq!(
            page_label("alphapulse/sprint-04/index.html"),
            "sprintgen page alphapulse/sprint-04/"
        );
        assert_eq!(page_label("404.html"), "sprintgen page 404.html");
        assert_eq!(page_label("notes/a.html"), "sprintgen page notes/a.html");
    }

    #[test]
    fn a_flipped_byte_or_another_key_fails_authentication() {
        let password = Password::new("correct horse".into()).unwrap();
        let key = SiteKey::derive(&password, salt(), &Random::System).unwrap();
        let sealed = key
            .seal_page(b"figures", &Random::System, "a.html")
            .unwrap();
        let label = b"sprintgen page a.html";
        assert!(open(&key_bytes(), &sealed, label).is_some());
        let mut bytes = BASE64.decode(&sealed).unwrap();
        bytes[14] ^= 1;
        assert!(open(&key_bytes(), &BASE64.encode(&bytes), label).is_none());
        let mut other = key_bytes();
        other[0] ^= 1;
        assert!(open(&other, &sealed, label).is_none());
    }

    #[test]
    fn every_seal_takes_a_new_nonce() {
        let password = Password::new("correct horse".into()).unwrap();
        let key = SiteKey::derive(&password, salt(), &Random::System).unwrap();
        let nonces: std::collections::BTreeSet<Vec<u8>> = (0..50)
            .map(|_| {
                let sealed = key.seal_page(b"same", &Random::System, "a.html").unwrap();
                BASE64.decode(sealed).unwrap()[..NONCE_BYTES].to_vec()
            })
            .collect();
        assert_eq!(nonces.len(), 50);
        assert_ne!(
            Random::System.salt().unwrap(),
            Random::System.salt().unwrap()
        );
    }

    #[test]
    fn a_secret_derives_once_per_salt_and_keeps_its_random_salt() {
        let secret = Secret::new(
            Password::new("correct horse".into()).unwrap(),
            Random::System,
        );
        let random = secret.key(None).unwrap();
        assert!(Arc::ptr_eq(&random, &secret.key(None).unwrap()));
        let configured = secret.key(Some(salt())).unwrap();
        assert_eq!(configured.salt(), "AAECAwQFBgcICQoLDA0ODw==");
        assert!(Arc::ptr_eq(&configured, &secret.key(Some(salt())).unwrap()));
        // Back to no salt of its own: a new random one.
        assert_ne!(secret.key(None).unwrap().salt(), random.salt());
    }

    #[test]
    fn an_empty_password_is_none_and_a_password_never_prints() {
        assert!(Password::new(String::new()).is_none());
        let password = Password::new("hunter2hunter2".into()).unwrap();
        assert_eq!(password.len(), 14);
        assert_eq!(format!("{password:?}"), "Password(…)");
    }

    #[cfg(feature = "test-hooks")]
    #[test]
    fn a_test_seed_gives_the_same_values_for_the_same_purpose() {
        let (mut a, mut b, mut c) = ([0; 12], [0; 12], [0; 12]);
        Random::Seeded(7)
            .fill(&[b"page a", b"text"], &mut a)
            .unwrap();
        Random::Seeded(7)
            .fill(&[b"page a", b"text"], &mut b)
            .unwrap();
        Random::Seeded(7)
            .fill(&[b"page b", b"text"], &mut c)
            .unwrap();
        assert_eq!(a, b);
        assert_ne!(a, c);
        Random::Seeded(7)
            .fill(&[b"page a", b"other text"], &mut c)
            .unwrap();
        assert_ne!(a, c, "another text of the same page, another nonce");
        Random::Seeded(8)
            .fill(&[b"page a", b"text"], &mut b)
            .unwrap();
        assert_ne!(a, b);
    }
}

// sprintgen: opens a page of an encrypted site (README, "Private reports"), the only script
// the site has. The page was sealed with AES-256-GCM under a key derived from the site's
// password with PBKDF2-HMAC-SHA256 (the form's data-salt and data-iterations). This script
// derives the same key with the browser's WebCrypto, tries it on the site's key check
// (data-check), so that a wrong password is told apart from a damaged page, opens the page
// (data-page) and shows it in place of the form. Sealed values are base64 of the 12-byte
// nonce, then the ciphertext with its 16-byte tag. A page is sealed with its address under the
// site's root (data-root leads there) as associated data, so it opens only where it was
// published; the 404 page (data-not-found), shown at any address, with "404.html".
//
// The key, never the password, is kept for the tab (sessionStorage) or, with "Remember on
// this device", for the browser (localStorage), under a name holding the site's salt: moving
// between pages asks nothing. A page's address ending in #lock forgets it.
(() => {
  "use strict";
  const form = document.getElementById("unlock");
  const field = document.getElementById("unlock-password");
  const remember = document.getElementById("unlock-remember");
  const button = form.querySelector("button");
  const status = document.getElementById("unlock-status");
  const { salt, iterations, check, page, root } = form.dataset;
  const slot = `sprintgen-key:${salt}`;
  const subtle = window.isSecureContext && window.crypto && window.crypto.subtle;
  const say = (text) => { status.textContent = text; };
  const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const storages = () => { try { return [sessionStorage, localStorage]; } catch { return []; } };

  // A sealed value opened, or a rejected promise when it fails authentication.
  const open = (key, sealed, label) => {
    const data = bytes(sealed);
    const how = { name: "AES-GCM", iv: data.subarray(0, 12) };
    if (label) how.additionalData = new TextEncoder().encode(label);
    return subtle.decrypt(how, key, data.subarray(12));
  };
  // "sprintgen page alphapulse/sprint-04/", as the build labelled this page.
  const address = () => {
    if ("notFound" in form.dataset) return "404.html";
    const base = new URL(root || "./", location.href).pathname;
    const here = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
    return decodeURIComponent(here).replace(/(^|\/)index\.html$/, "$1");
  };
  const keyOf = (raw) => subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
  const fits = (key) => open(key, check, "sprintgen key check").then(() => true, () => false);
  const derive = async (password) => {
    const text = new TextEncoder().encode(password);
    const material = await subtle.importKey("raw", text, "PBKDF2", false, ["deriveBits"]);
    const how = { name: "PBKDF2", hash: "SHA-256", salt: bytes(salt), iterations: Number(iterations) };
    return new Uint8Array(await subtle.deriveBits(how, material, 256));
  };

  // The opened page in place of this one: its <html> attributes, head and body. What is not
  // the form's (data-unlock) stays: a host's additions, such as `sprintgen serve`'s reload.
  const show = (html) => {
    const opened = new DOMParser().parseFromString(html, "text/html");
    for (const { name, value } of opened.documentElement.attributes) {
      document.documentElement.setAttribute(name, value);
    }
    const old = [...document.head.childNodes];
    document.head.append(...opened.head.childNodes);
    old.forEach((node) => node.remove());
    const kept = [...document.body.children].filter((node) => !node.hasAttribute("data-unlock"));
    document.body.replaceWith(opened.body);
    document.body.append(...kept);
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  };
  const unlock = async (key) => {
    let html;
    try {
      html = new TextDecoder().decode(await open(key, page, `sprintgen page ${address()}`));
    } catch {
      say("This page cannot be opened: it was changed, damaged or moved after it was built. The password is right, and the other pages open; publish the site again.");
      return;
    }
    // Not before the form's page has loaded: what a host adds after this script (such as
    // `sprintgen serve`'s reload) must be in the body to be kept.
    if (document.readyState === "loading") {
      await new Promise((done) => document.addEventListener("DOMContentLoaded", done, { once: true }));
    }
    show(html);
  };
  const stored = async () => {
    for (const storage of storages()) {
      const raw = storage.getItem(slot);
      if (!raw) continue;
      const key = await keyOf(bytes(raw)).catch(() => null);
      if (key && (await fits(key))) return key;
      storage.removeItem(slot);
    }
    return null;
  };
  const keep = (raw) => {
    const text = btoa(String.fromCharCode(...raw));
    const [session, local] = storages();
    try {
      if (session) session.setItem(slot, text);
      if (local && remember.checked) local.setItem(slot, text);
      else if (local) local.removeItem(slot);
    } catch {
      // Storage full or refused: this page opens all the same; the next asks again.
    }
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    button.disabled = true;
    say("Checking the password…");
    const raw = await derive(field.value);
    const key = await keyOf(raw);
    if (!(await fits(key))) {
      say("Wrong password. Try again.");
      button.disabled = false;
      field.select();
      return;
    }
    keep(raw);
    say("");
    await unlock(key);
    button.disabled = false;
  });
  // #lock added to an opened page's address: the page loads again, and forgets.
  window.addEventListener("hashchange", () => location.hash === "#lock" && location.reload());
  if (!subtle) {
    say("This browser cannot open the page here: decrypting needs a secure connection (HTTPS, or this computer) and a current browser.");
    button.disabled = true;
  } else if (location.hash === "#lock") {
    storages().forEach((storage) => storage.removeItem(slot));
    history.replaceState(null, "", location.pathname + location.search);
    say("The password is forgotten on this device.");
  } else {
    stored().then((key) => key && unlock(key));
  }
})();

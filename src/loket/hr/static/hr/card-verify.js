// e-Kartu offline verifier (docs/card-format.md). Needs only the region's published public key: it is fetched
// from /kartu/kunci.json while online and kept in localStorage, with each region's signed revocation list; a card
// is then verified with WebCrypto (ECDSA P-256, SHA-256) without any network.
"use strict";
(function () {
  const KEYS = "loket-ekartu-keys", LISTS = "loket-ekartu-revoked";
  const form = document.getElementById("checker");
  if (!form) return;
  const en = document.documentElement.lang === "en";
  const say = (id, enText) => (en ? enText : id);
  const out = document.getElementById("result");
  const state = document.getElementById("key-state");

  function unb64url(text) {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }
  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // A small CBOR reader (RFC 8949) for what the card uses: integers, byte and text strings, arrays, maps, tags.
  function decode(bytes) {
    let pos = 0;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    function length(info) {
      if (info < 24) return info;
      if (info === 24) return bytes[pos++];
      if (info === 25) { const v = view.getUint16(pos); pos += 2; return v; }
      if (info === 26) { const v = view.getUint32(pos); pos += 4; return v; }
      if (info === 27) {  // 8 bytes: a NIP (18 digits) is above 2^53, so it stays exact as a BigInt
        const v = view.getBigUint64(pos); pos += 8;
        return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      throw new Error("cbor length");
    }
    function item() {
      if (pos >= bytes.length) throw new Error("cbor end");
      const head = bytes[pos++], major = head >> 5, info = head & 31;
      if (major === 7) {
        if (info === 20) return false;
        if (info === 21) return true;
        if (info === 22) return null;
        throw new Error("cbor simple");
      }
      const n = length(info);
      switch (major) {
        case 0: return n;
        case 1: return typeof n === "bigint" ? -1n - n : -1 - n;
        case 2: { const v = bytes.slice(pos, pos + n); pos += n; return v; }
        case 3: { const v = new TextDecoder().decode(bytes.slice(pos, pos + n)); pos += n; return v; }
        case 4: { const a = []; for (let i = 0; i < n; i++) a.push(item()); return a; }
        case 5: { const m = new Map(); for (let i = 0; i < n; i++) { const k = item(); m.set(k, item()); } return m; }
        case 6: return { tag: n, value: item() };
      }
      throw new Error("cbor type");
    }
    const value = item();
    if (pos !== bytes.length) throw new Error("cbor trailing bytes");
    return value;
  }
  function bstrHead(n) {
    if (n < 24) return [0x40 + n];
    if (n < 256) return [0x58, n];
    return [0x59, n >> 8, n & 255];
  }
  function sigStructure(protectedBytes, payload) {
    const parts = [0x84, 0x6a, ...new TextEncoder().encode("Signature1"), ...bstrHead(protectedBytes.length)];
    const tail = [0x40, ...bstrHead(payload.length)];
    const out = new Uint8Array(parts.length + protectedBytes.length + tail.length + payload.length);
    out.set(parts, 0);
    out.set(protectedBytes, parts.length);
    out.set(tail, parts.length + protectedBytes.length);
    out.set(payload, parts.length + protectedBytes.length + tail.length);
    return out;
  }
  // Verify a COSE_Sign1 (tag 18, ES256) with the stored key its kid names; resolves to the claims map.
  async function verifySign1(raw, keys) {
    const msg = decode(raw);
    if (!msg || msg.tag !== 18 || !Array.isArray(msg.value) || msg.value.length !== 4) throw new Error("format");
    const [prot, unprot, payload, sig] = msg.value;
    const header = prot.length ? decode(prot) : new Map();
    if (header.get(1) !== -7) throw new Error("alg");
    const kidBytes = header.get(4) || (unprot instanceof Map ? unprot.get(4) : undefined);
    const kid = kidBytes ? new TextDecoder().decode(kidBytes) : "";
    const jwk = keys.find((k) => k.kid === kid);
    if (!jwk) throw new Error("key");
    const key = await crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, ext: true },
      { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, sig, sigStructure(prot, payload));
    if (!ok) throw new Error("signature");
    return { claims: decode(payload), jwk };
  }

  const LOCALE = en ? "en-GB" : "id-ID";
  // Dates in words (17 Agustus 2026), moments with the time and zone: never a numeric date. `place` is the published
  // key entry of the region (its `tz`, an IANA zone, and `zone`, WIB/WITA/WIT): a card's days are the region's days.
  function inWords(date, place) {
    return date.toLocaleDateString(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: (place && place.tz) || undefined });
  }
  function moment(date, place) {
    const time = date.toLocaleTimeString(LOCALE, { hour: "2-digit", minute: "2-digit", timeZone: (place && place.tz) || undefined });
    return inWords(date, place) + (en ? " at " : " pukul ") + time + (place && place.zone ? " " + place.zone : "");
  }
  // A calendar day written as YYYY-MM-DD (the list's "revoked from"): the same day everywhere.
  function dayInWords(iso) {
    return new Date(iso + "T12:00:00Z").toLocaleDateString(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }
  function grade(code) { return /^I{1,3}V?[a-e]$|^IV[a-e]$/.test(code) ? code.slice(0, -1) + "/" + code.slice(-1) : code; }

  function stored(name) {
    try { return JSON.parse(localStorage.getItem(name) || "null"); } catch (e) { return null; }
  }
  // A region's revocation list (docs/card-format.md): signed by that region's key, issuer claim = that region,
  // an issue time and an expiry, and claim -65550 an array of [cti, YYYY-MM-DD, mark]. Anything else is refused.
  async function readList(raw, keys, iss) {
    const { claims, jwk } = await verifySign1(raw, keys);
    if (!(claims instanceof Map) || claims.get(1) !== iss || jwk.iss !== iss) throw new Error("issuer");
    const issued = claims.get(6), expires = claims.get(4), rows = claims.get(-65550);
    if (!Number.isInteger(issued) || !Number.isInteger(expires) || !Array.isArray(rows)) throw new Error("not a list");
    const entries = {};
    for (const row of rows) {
      if (!Array.isArray(row) || !(row[0] instanceof Uint8Array) || !/^\d{4}-\d{2}-\d{2}$/.test(row[1]) || typeof row[2] !== "string") {
        throw new Error("entry");
      }
      entries[hex(row[0])] = [row[1], row[2]];
    }
    return { iss, issued, expires, entries };
  }

  async function refresh() {
    try {
      const response = await fetch("/kartu/kunci.json", { cache: "no-store" });
      if (!response.ok) throw new Error("keys");
      const keys = (await response.json()).keys;
      localStorage.setItem(KEYS, JSON.stringify({ keys, at: Date.now() }));
      const lists = stored(LISTS) || {};
      for (const iss of [...new Set(keys.map((k) => k.iss))]) {
        try {
          const r = await fetch("/kartu/dicabut/" + encodeURIComponent(iss) + ".cwt", { cache: "no-cache" });
          if (!r.ok) continue;
          const list = await readList(new Uint8Array(await r.arrayBuffer()), keys, iss);
          const kept = lists[iss];
          // a replayed older list never replaces a newer one already stored
          if (!kept || typeof kept.issued !== "number" || list.issued > kept.issued) lists[iss] = list;
        } catch (e) {
          // a list that does not verify, or is not a list, is not stored
        }
      }
      localStorage.setItem(LISTS, JSON.stringify(lists));
    } catch (e) {
      // offline: the stored keys and lists are used
    }
    const saved = stored(KEYS);
    state.textContent = saved
      ? say("Kunci publik tersimpan: ", "Public keys stored: ") + saved.keys.length + say(" kunci, diambil ", " keys, fetched ") +
        moment(new Date(saved.at), saved.keys[0]) + "."
      : say("Belum ada kunci publik: buka halaman ini sekali dengan internet.", "No public key yet: open this page once online.");
    form.querySelector("button").disabled = !saved;
  }

  const TONES = { ok: "notice-success", unsure: "notice-warning", bad: "notice-error" };
  function show(kind, title, rows) {
    out.hidden = false;
    out.className = "notice verdict " + TONES[kind];
    out.replaceChildren();
    const p = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = title;
    p.append(strong);
    out.append(p);
    if (rows.length) {
      const dl = document.createElement("dl");
      for (const [label, value] of rows) {
        const dt = document.createElement("dt"), dd = document.createElement("dd");
        dt.textContent = label; dd.textContent = value;
        dl.append(dt, dd);
      }
      out.append(dl);
    }
    out.focus();
  }

  // The printed facts: format 2, claim -65537 = [2, NIP (integer), name, grade, position, agency]; format 1 (cards
  // issued before), one claim each, sub = NIP and version -65541 = 1.
  function cardFacts(c) {
    const card = c.get(-65537);
    let f;
    if (Array.isArray(card)) {
      if (card.length !== 6 || card[0] !== 2) return null;
      const nip = typeof card[1] === "string" ? card[1] : String(card[1]).padStart(18, "0");
      f = { nip, name: card[2], grade: card[3], position: card[4], agency: card[5] };
    } else {
      if (c.get(-65541) !== 1) return null;
      f = { nip: c.get(2), name: card, grade: c.get(-65538), position: c.get(-65539), agency: c.get(-65540) };
    }
    return Object.values(f).every((v) => typeof v === "string") ? f : null;
  }

  async function check(text) {
    const saved = stored(KEYS);
    let token = text.trim();
    const at = token.indexOf("/kartu/v/");
    if (at >= 0) token = token.slice(at + 9);
    token = token.split(/[?#]/)[0].replace(/\/$/, "");
    if (!/^[A-Za-z0-9_-]{40,1200}$/.test(token)) return show("bad", say("Bukan kode kartu pegawai.", "Not an employee card code."), []);
    let result;
    try {
      result = await verifySign1(unb64url(token), saved ? saved.keys : []);
    } catch (e) {
      return show("bad", say("Kartu TIDAK SAH: tanda tangan tidak cocok dengan kunci publik daerah.",
        "INVALID card: the signature does not match a region's public key."), []);
    }
    const c = result.claims;
    const place = result.jwk;
    const day = (seconds) => inWords(new Date(seconds * 1000), place);
    if (result.jwk.iss !== c.get(1)) {
      return show("bad", say("Kartu TIDAK SAH: ditandatangani dengan kunci daerah lain.",
        "INVALID card: signed with another region's key."), []);
    }
    // A retired key (status "retired") signed cards only until it was retired: a card it "issued" later is forged.
    if (place.status === "retired" && place.retired && c.get(5) * 1000 > Date.parse(place.retired)) {
      return show("bad", say("Kartu TIDAK SAH: ditandatangani dengan kunci yang sudah tidak dipakai.",
        "INVALID card: signed with a key that had been retired."), []);
    }
    const facts = cardFacts(c);
    if (!facts) return show("bad", say("Bukan kode kartu pegawai.", "Not an employee card code."), []);
    const rows = [
      [say("Nama", "Name"), facts.name], ["NIP", facts.nip], [say("Golongan", "Grade"), grade(facts.grade)],
      [say("Jabatan", "Position"), facts.position], [say("Instansi", "Agency"), facts.agency],
      [say("Berlaku", "Valid"), day(c.get(5)) + " – " + day(c.get(4) - 1)], [say("Penerbit", "Issuer"), result.jwk.name],
      [say("Nomor kartu", "Card number"), hex(c.get(7))],
    ];
    const lists = stored(LISTS) || {};
    // the stored list counts only if the card's issuer (= the key's issuer) issued it
    const found = lists[c.get(1)];
    const list = found && found.iss === c.get(1) && found.iss === result.jwk.iss && found.entries ? found : null;
    const revoked = list && list.entries[hex(c.get(7))];
    const now = Date.now() / 1000;
    if (revoked) {  // an old list can miss a revocation but never undo one: a listed card is refused
      const [on, mark] = revoked;
      const title = mark === "diganti" ? say("Kartu DIGANTI sejak ", "Card REPLACED since ") : say("Kartu DICABUT sejak ", "Card REVOKED since ");
      return show("bad", title + dayInWords(on) + ".", rows);
    }
    if (now >= c.get(4)) return show("bad", say("Kartu KEDALUWARSA.", "Card EXPIRED."), rows);
    if (now < c.get(5)) return show("bad", say("Kartu BELUM BERLAKU.", "Card NOT YET VALID."), rows);
    if (!list || typeof list.expires !== "number" || now >= list.expires) {
      const why = list ? say("kedaluwarsa", "has expired") : say("tidak ada", "is missing");
      return show("unsure", say("Kartu belum dapat dipastikan: daftar pencabutan " + why + ".",
        "Card cannot be confirmed yet: the revocation list " + why + ".") + " " +
        say("Tanda tangan daerah cocok; buka halaman ini dengan internet untuk mengambil daftar terbaru.",
          "The region's signature matches; open this page online to fetch the current list."), rows);
    }
    const listed = say(" Daftar pencabutan per ", " Revocation list of ") + moment(new Date(list.issued * 1000), place) + ".";
    show("ok", say("Kartu SAH dan BERLAKU: tanda tangan daerah cocok.", "Card GENUINE and VALID: the region's signature matches.") + listed, rows);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    check(document.getElementById("qr").value);
  });
  if (location.hash.length > 1) document.getElementById("qr").value = decodeURIComponent(location.hash.slice(1));
  refresh();
})();

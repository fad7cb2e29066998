// The composer, enhanced: switch the kind in place (nothing typed is lost),
// upload several files with a progress bar each, reorder a carousel by
// drag (or ↑ ↓), insert saved captions and hashtag groups at the cursor,
// pick a reel's cover frame on the video, tag people by clicking the
// image, and keep the preview, counters and the repeated-hashtags warning
// current as the user types. The page works without this file.

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

// Where the feed cuts a caption ("… more"): as `web/composer/preview.rs`.
const CUT_CHARS = 125;
const CUT_LINES = 2;

export function feedCut(text) {
  const chars = [...text];
  let end = chars.length;
  let lines = 1;
  for (let i = 0; i < chars.length; i++) {
    if (chars[i] === "\n" && ++lines > CUT_LINES) {
      end = i;
      break;
    }
    if (i === CUT_CHARS) {
      end = i;
      const space = chars.slice(Math.max(0, i - 20), i).lastIndexOf(" ");
      if (space >= 0) end = Math.max(0, i - 20) + space;
      break;
    }
  }
  return [chars.slice(0, end).join("").trimEnd(), chars.slice(end).join("").trimStart()];
}

/** `travel, #sea food` → `#travel #sea #food`, as the server does. */
function normaliseTags(raw) {
  return raw
    .split(/[\s,]+/u)
    .map((t) => t.replace(/^#+/u, ""))
    .filter(Boolean)
    .map((t) => `#${t}`)
    .join(" ");
}

function finalCaption(caption, tags) {
  const c = caption.trim();
  const t = normaliseTags(tags);
  if (!t) return c;
  return c ? `${c}\n\n${t}` : t;
}

/** The hashtags of a text as a set of lower-case names (as `hashtag_set`). */
function hashtagSet(text) {
  const set = new Set();
  for (const m of text.matchAll(/(^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]+)/gu)) set.add(m[2].toLowerCase());
  return set;
}

function sameSet(a, b) {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function init(root) {
  const form = $("#composer", root);
  if (!form || form.dataset.composerReady) return;
  form.dataset.composerReady = "1";
  const main = form.closest("main") || document;
  const layout = $(".composer-layout", main);
  const kindInput = $("#kind", form);
  const list = $("[data-media-list]", form);
  const caption = $("#caption", form);
  const hashtags = $("#hashtags", form);
  const preview = $("[data-preview]", main);
  const more = preview?.dataset.more || "more";

  const kind = () => kindInput.value;

  // ---------------------------------------------------------------- kinds
  function setKind(k) {
    kindInput.value = k;
    form.dataset.kind = k;
    if (layout) layout.dataset.kind = k;
    for (const el of $$("[data-for-kinds]", main)) {
      el.hidden = !el.dataset.forKinds.split(" ").includes(k);
    }
    for (const a of $$("[data-kind-steps] a[data-kind]", main)) {
      if (a.dataset.kind === k) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
    const upKind = $("#composer-upload input[name=kind]", main);
    if (upKind) upKind.value = k;
    const url = new URL(location.href);
    url.searchParams.set("kind", k);
    history.replaceState(history.state, "", url);
    if (single()) keepOneChecked();
    renumber();
    refreshPreview();
  }
  for (const a of $$("[data-kind-steps] a[data-kind]", main)) {
    a.addEventListener("click", (e) => {
      if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
      e.preventDefault();
      setKind(a.dataset.kind);
      a.focus();
    });
  }

  // ------------------------------------------------------- chosen files
  const single = () => kind() !== "carousel";
  const items = () => $$(":scope > li[data-media-id]", list);
  const checked = () => items().filter((li) => $("input[type=checkbox]", li)?.checked);

  /** The chosen files in the order the numbers (then the page) give. */
  function ordered() {
    return checked()
      .map((li, i) => ({ li, i, n: parseInt($("input.order", li)?.value, 10) }))
      .sort((a, b) => (isNaN(a.n) ? 1e9 : a.n) - (isNaN(b.n) ? 1e9 : b.n) || a.i - b.i)
      .map((x) => x.li);
  }

  /** Chosen files first, numbered 1, 2, 3… in their order. */
  function renumber() {
    const chosen = ordered();
    chosen.forEach((li, i) => {
      $("input.order", li).value = String(i + 1);
      li.draggable = true;
      list.insertBefore(li, list.children[i] || null);
    });
    for (const li of items()) {
      if (!chosen.includes(li)) {
        $("input.order", li).value = "";
        li.draggable = false;
      }
      for (const b of $$("[data-move]", li)) b.hidden = !chosen.includes(li) || chosen.length < 2;
    }
  }

  function keepOneChecked(keep) {
    const chosen = ordered();
    const stay = keep || chosen[0];
    for (const li of chosen) if (li !== stay) $("input[type=checkbox]", li).checked = false;
  }

  function addMoveButtons(li) {
    if ($("[data-move]", li)) return;
    const box = $(".reorder", li);
    const name = $(".name", li)?.textContent || "";
    for (const dir of ["up", "down"]) {
      const b = document.createElement("button");
      b.type = "submit";
      b.className = "btn-ghost btn-icon";
      b.name = "action";
      b.value = `${dir}:${li.dataset.mediaId}`;
      b.dataset.move = dir;
      b.textContent = dir === "up" ? "↑" : "↓";
      b.setAttribute("aria-label", `${list.dataset[dir === "up" ? "upLabel" : "downLabel"]}: ${name}`);
      box.append(b);
    }
  }

  list?.addEventListener("change", (e) => {
    const box = e.target.closest("input[type=checkbox]");
    if (!box) return;
    const li = box.closest("li");
    if (box.checked) {
      addMoveButtons(li);
      if (single()) keepOneChecked(li);
      $("input.order", li).value = String(ordered().length + 1);
    }
    renumber();
    refreshPreview();
  });
  list?.addEventListener("input", (e) => {
    if (e.target.matches("input.order")) refreshPreview();
  });
  list?.addEventListener("focusout", (e) => {
    if (e.target.matches("input.order")) renumber();
  });

  // ↑ ↓ move in place (without script they are submit buttons).
  list?.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-move]");
    if (!b) return;
    e.preventDefault();
    const chosen = ordered();
    const li = b.closest("li");
    const i = chosen.indexOf(li);
    const j = b.dataset.move === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= chosen.length) return;
    [chosen[i], chosen[j]] = [chosen[j], chosen[i]];
    chosen.forEach((x, n) => ($("input.order", x).value = String(n + 1)));
    renumber();
    refreshPreview();
    b.focus();
  });

  // Drag to reorder the chosen files.
  let dragged = null;
  list?.addEventListener("dragstart", (e) => {
    const li = e.target.closest?.("li[data-media-id]");
    if (!li || !li.draggable) return;
    dragged = li;
    li.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", li.dataset.mediaId);
  });
  list?.addEventListener("dragover", (e) => {
    if (!dragged) return;
    const over = e.target.closest?.("li[data-media-id]");
    if (!over || over === dragged || !over.draggable) return;
    e.preventDefault();
    const r = over.getBoundingClientRect();
    const after = e.clientY > r.top + r.height / 2 || (e.clientY > r.top && e.clientX > r.left + r.width / 2);
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });
  list?.addEventListener("dragend", () => {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    checked().forEach((li, n) => ($("input.order", li).value = String(n + 1)));
    renumber();
    refreshPreview();
  });

  // -------------------------------------------------------------- upload
  const zone = $("[data-dropzone]", form);
  const input = $("[data-upload-input]", form);
  const uploads = $("[data-upload-list]", form);
  const csrf = $("input[name=csrf]", form)?.value || "";
  const labels = {
    uploading: zone?.dataset.uploading || "…",
    done: zone?.dataset.done || "✓",
    error: zone?.dataset.error || "×",
  };

  function thumbFor(file) {
    const url = URL.createObjectURL(file);
    if (file.type.startsWith("video/")) {
      const v = Object.assign(document.createElement("video"), { muted: true, playsInline: true, preload: "metadata", src: `${url}#t=0.5` });
      v.setAttribute("aria-hidden", "true");
      return v;
    }
    return Object.assign(document.createElement("img"), { src: url, alt: "" });
  }

  function pickerItem(f) {
    const li = document.createElement("li");
    li.dataset.mediaId = f.id;
    const label = Object.assign(document.createElement("label"), { className: "pick", htmlFor: `m-${f.id}` });
    const box = Object.assign(document.createElement("input"), { type: "checkbox", id: `m-${f.id}`, name: "media", value: f.id, checked: true });
    const thumb = document.createElement("span");
    thumb.className = `thumb${f.is_video ? " video" : ""}`;
    if (f.thumb) {
      thumb.dataset.src = f.thumb;
      thumb.append(Object.assign(document.createElement("img"), { src: f.thumb, alt: "", width: 48, height: 48 }));
    } else if (f.video) {
      thumb.dataset.video = f.video;
      const v = Object.assign(document.createElement("video"), { src: `${f.video}#t=0.5`, muted: true, playsInline: true, preload: "metadata" });
      v.setAttribute("aria-hidden", "true");
      thumb.append(v);
    }
    const name = Object.assign(document.createElement("span"), { className: "name", textContent: f.label });
    label.append(box, thumb, name);
    const reorder = Object.assign(document.createElement("span"), { className: "reorder" });
    const order = Object.assign(document.createElement("input"), { className: "order", id: `o-${f.id}`, name: `order-${f.id}`, inputMode: "numeric" });
    order.setAttribute("aria-label", f.label);
    reorder.append(order);
    li.append(label, reorder);
    if (f.problems?.length) {
      const ul = Object.assign(document.createElement("ul"), { className: "item-problems", id: `mp-${f.id}` });
      for (const p of f.problems) ul.append(Object.assign(document.createElement("li"), { className: p.class, textContent: p.text }));
      li.append(ul);
      box.setAttribute("aria-describedby", ul.id);
    }
    addMoveButtons(li);
    return li;
  }

  function uploadOne(file) {
    const row = document.createElement("li");
    const thumb = document.createElement("span");
    thumb.className = "thumb";
    thumb.append(thumbFor(file));
    const name = Object.assign(document.createElement("span"), { className: "name", textContent: file.name });
    const bar = Object.assign(document.createElement("progress"), { max: 100, value: 0 });
    bar.setAttribute("aria-label", `${labels.uploading} ${file.name}`);
    const state = Object.assign(document.createElement("span"), { className: "state", textContent: labels.uploading });
    row.append(thumb, name, bar, state);
    uploads.append(row);
    const data = new FormData();
    data.append("csrf", csrf);
    data.append("kind", kind());
    data.append("account", $("#account", form)?.value || "");
    data.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.dataset.uploadUrl || "/content/upload");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", () => {
      let answer = null;
      try {
        answer = JSON.parse(xhr.responseText);
      } catch {}
      const got = answer?.files || [];
      if (got.length) {
        bar.value = 100;
        state.textContent = labels.done;
        row.classList.add("done");
        $("[data-media-empty]", form)?.remove();
        for (const f of got) {
          const li = pickerItem(f);
          list.prepend(li);
          if (single()) keepOneChecked(li);
          $("input.order", li).value = String(ordered().length);
        }
        renumber();
        refreshPreview();
        setTimeout(() => row.remove(), 4000);
      } else {
        row.classList.add("failed");
        state.textContent = `${labels.error}: ${answer?.errors?.[0]?.[1] || xhr.statusText}`;
        bar.remove();
      }
    });
    xhr.addEventListener("error", () => {
      row.classList.add("failed");
      state.textContent = labels.error;
    });
    xhr.send(data);
  }

  function uploadAll(files) {
    for (const f of files) uploadOne(f);
  }
  input?.addEventListener("change", () => {
    uploadAll([...input.files]);
    input.value = "";
  });
  zone?.addEventListener("dragover", (e) => {
    if (![...(e.dataTransfer?.types || [])].includes("Files")) return;
    e.preventDefault();
    zone.classList.add("over");
  });
  zone?.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone?.addEventListener("drop", (e) => {
    if (!e.dataTransfer?.files?.length) return;
    e.preventDefault();
    zone.classList.remove("over");
    uploadAll([...e.dataTransfer.files]);
  });

  // ------------------------------------------------------------ snippets
  form.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-insert]");
    if (!b) return;
    e.preventDefault();
    const text = b.dataset.text || "";
    if (b.dataset.insert === "hashtags" && hashtags) {
      const v = hashtags.value.trimEnd();
      hashtags.value = v ? `${v} ${text}` : text;
      hashtags.dispatchEvent(new Event("input", { bubbles: true }));
      hashtags.focus();
    } else if (caption) {
      const start = caption.selectionStart ?? caption.value.length;
      const end = caption.selectionEnd ?? start;
      caption.setRangeText(text, start, end, "end");
      caption.dispatchEvent(new Event("input", { bubbles: true }));
      caption.focus();
    }
  });

  // ------------------------------------------------------------ preview
  function firstMedia() {
    const li = ordered()[0];
    const t = li && $(".thumb", li);
    return { image: t?.dataset.src || null, video: t?.dataset.video || null, count: ordered().length };
  }

  function refreshPreview() {
    if (!preview) return;
    const user = ($("#account", form)?.selectedOptions[0]?.textContent || "").replace(/^@/u, "");
    for (const el of $$("[data-preview-user]", preview)) el.textContent = user;
    const text = kind() === "story" ? "" : finalCaption(caption?.value || "", hashtags?.value || "");
    const [head, tail] = feedCut(text);
    for (const el of $$("[data-preview-caption]", preview)) el.textContent = head;
    for (const el of $$("[data-preview-more]", preview)) {
      el.hidden = !tail;
      el.textContent = `… ${more}`;
    }
    const m = firstMedia();
    const cover = $("#cover", form);
    const coverLi = cover?.value && $(`li[data-media-id="${cover.value}"] .thumb`, list);
    const image = (kind() === "reel" && coverLi?.dataset.src) || m.image;
    for (const box of $$("[data-preview-media]", preview)) {
      const now = $("img, video", box);
      const want = image || (m.video ? `${m.video}#t=${(parseInt($("#thumb", form)?.value, 10) || 500) / 1000}` : null);
      if (now && (now.getAttribute("src") || "") === want) continue;
      box.replaceChildren();
      if (image) box.append(Object.assign(document.createElement("img"), { src: image, alt: "" }));
      else if (m.video) {
        const v = Object.assign(document.createElement("video"), { src: want, muted: true, playsInline: true, preload: "metadata" });
        box.append(v);
      } else box.append(Object.assign(document.createElement("span"), { className: "ig-empty" }));
    }
    const dots = $("[data-preview-dots]", preview);
    if (dots) {
      dots.replaceChildren(...(kind() === "carousel" ? Array.from({ length: m.count }, () => document.createElement("span")) : []));
    }
    drawTags();
    framePicker(m);
  }

  // ------------------------------------------------- repeated hashtags
  const warn = $("[data-repeated]", form);
  let recent = [];
  try {
    recent = JSON.parse(warn?.dataset.repeated || "[]").map((s) => new Set(s));
  } catch {}
  function checkRepeated() {
    if (!warn) return;
    const now = hashtagSet(`${caption?.value || ""} ${normaliseTags(hashtags?.value || "")}`);
    const limit = parseInt(warn.dataset.repeatedLimit, 10) || 3;
    const uses = now.size < 2 ? 0 : recent.filter((s) => sameSet(s, now)).length + 1;
    const show = uses >= limit && kind() !== "story";
    warn.hidden = !show;
    if (show) warn.textContent = (warn.dataset.repeatedText || "").replace("{uses}", uses).replace("{window}", recent.length + 1);
  }

  for (const el of [caption, hashtags]) {
    el?.addEventListener("input", () => {
      refreshPreview();
      checkRepeated();
    });
  }
  $("#account", form)?.addEventListener("change", refreshPreview);
  $("#cover", form)?.addEventListener("change", refreshPreview);

  // ------------------------------------------------------ cover frame
  const picker = $("[data-frame-picker]", form);
  const frameVideo = $("[data-frame-video]", form);
  const scrub = $("[data-frame-scrub]", form);
  const thumbInput = $("[data-frame-input]", form);
  function framePicker(m) {
    if (!picker) return;
    const on = kind() === "reel" && !!m.video && !$("#cover", form)?.value;
    picker.hidden = !on;
    if (!on) return;
    if (frameVideo.dataset.src !== m.video) {
      frameVideo.dataset.src = m.video;
      frameVideo.src = m.video;
    }
  }
  frameVideo?.addEventListener("loadedmetadata", () => {
    scrub.max = String(Math.floor(frameVideo.duration * 1000));
    const at = parseInt(thumbInput.value, 10) || 0;
    scrub.value = String(at);
    frameVideo.currentTime = at / 1000;
  });
  scrub?.addEventListener("input", () => {
    frameVideo.currentTime = Number(scrub.value) / 1000;
    thumbInput.value = scrub.value;
  });
  scrub?.addEventListener("change", refreshPreview);
  thumbInput?.addEventListener("change", () => {
    const at = parseInt(thumbInput.value, 10);
    if (!isNaN(at) && scrub) {
      scrub.value = String(at);
      if (frameVideo.readyState) frameVideo.currentTime = at / 1000;
    }
    refreshPreview();
  });

  // ------------------------------------------------ tags on the image
  const tagsField = $("#user-tags", form);
  function drawTags() {
    const box = $("[data-tag-target]", preview || main);
    if (!box || !tagsField) return;
    for (const old of $$(".tag-pin", box)) old.remove();
    for (const line of tagsField.value.split("\n")) {
      const m = line.trim().match(/^@?([\w.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)$/u);
      if (!m) continue;
      const pin = Object.assign(document.createElement("span"), { className: "tag-pin", textContent: `@${m[1]}` });
      pin.style.left = `${Math.min(1, Number(m[2])) * 100}%`;
      pin.style.top = `${Math.min(1, Number(m[3])) * 100}%`;
      box.append(pin);
    }
  }
  $("[data-tag-target]", preview || main)?.addEventListener("click", (e) => {
    if (!tagsField || tagsField.closest("[hidden]")) return;
    const box = e.currentTarget;
    const media = $("img, video", box);
    if (!media) return;
    const r = media.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)).toFixed(2);
    const y = Math.min(1, Math.max(0, (e.clientY - r.top) / r.height)).toFixed(2);
    const who = window.prompt(tagsField.dataset.prompt || "@", "");
    if (!who) return;
    const name = who.trim().replace(/^@/u, "");
    if (!name) return;
    const v = tagsField.value.trimEnd();
    tagsField.value = `${v ? `${v}\n` : ""}@${name} ${x} ${y}`;
    drawTags();
  });
  tagsField?.addEventListener("input", drawTags);

  renumber();
  refreshPreview();
  checkRepeated();
}

init(document);
document.addEventListener("sf:navigated", () => init(document));

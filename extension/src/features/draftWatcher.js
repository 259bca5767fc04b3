// Under the reply box: on a pause in typing, how template-like the draft is, the
// nearest template, and the officialese with plainer words. Answers that arrive after
// the text changed are dropped. It only ever warns; sending is never blocked.
import { MessageCStoBG } from '../messages.js';
import { debounce } from '../core/batch.js';
import { t } from '../core/i18n.js';

export const DEBOUNCE_MS = 300;
const MIN_CHARS = 3;

/**
 * The draft cut into runs for highlighting: [{text, kind}] with kind 'plain',
 * 'template' (matches the nearest template) or 'cliche' (with its alternative). Pure.
 * The companion's offsets count code points (Python), not UTF-16 units: an emoji or a
 * styled letter (𝐁) before a cliché is one character there, two in a JS string.
 */
export function segments(text, spans = [], cliches = []) {
  const chars = Array.from(text);
  const kinds = new Array(chars.length).fill(null);
  for (const s of spans ?? []) {
    for (let i = Math.max(0, s.start); i < Math.min(chars.length, s.end); i += 1) kinds[i] = { kind: 'template' };
  }
  for (const c of cliches ?? []) {
    for (let i = Math.max(0, c.start); i < Math.min(chars.length, c.end); i += 1) {
      kinds[i] = { kind: 'cliche', alternative: c.alternative ?? null, phrase: c.phrase };
    }
  }
  const out = [];
  for (let i = 0; i < chars.length; i += 1) {
    const k = kinds[i] ?? { kind: 'plain' };
    const last = out[out.length - 1];
    if (last && last.kind === k.kind && last.alternative === (k.alternative ?? undefined) && last.phrase === k.phrase) {
      last.text += chars[i];
    } else {
      out.push({ text: chars[i], kind: k.kind, alternative: k.alternative ?? undefined, phrase: k.phrase });
    }
  }
  return out;
}

/** What the reply coach needs to know of the comment answered (its analysis). Pure. */
export function answeredComment(record) {
  const a = record?.analysis;
  return JSON.parse(JSON.stringify({
    text: record?.text || undefined,
    tone: a?.tone?.label ?? undefined,
    persona: a?.persona?.label ?? undefined,
    author_name: record?.authorName ?? undefined,
  }));
}

/** Heading of the hint: level word and score. Pure. */
export function draftHeading(result, lang) {
  const level = ['ok', 'warn', 'high'].includes(result.level) ? result.level : 'ok';
  const pct = Math.round((Number(result.score) || 0) * 100);
  // «Звучит по-живому» over a list of канцелярит contradicted the list under it.
  const word = level === 'ok' && result.cliches?.length ? 'draft_ok_cliches' : `draft_${level}`;
  return { level, text: `${t(lang, word)} · ${t(lang, 'draft_score', pct)}` };
}

function render(page, editor, text, result, error) {
  const doc = page.doc;
  const { root } = page.overlay.below(page.adapter.draftAnchor(editor), 'draft');
  let box = root.querySelector('.otklik-draft');
  if (!box) {
    box = doc.createElement('div');
    box.className = 'otklik-draft';
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    root.appendChild(box);
  }
  box.replaceChildren();
  if (!text) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  if (error) {
    box.dataset.level = 'none';
    box.textContent = t(page.lang, 'draft_unavailable');
    box.title = error.message ?? error.code ?? '';
    return;
  }
  const head = draftHeading(result, page.lang);
  box.dataset.level = head.level;
  const h = doc.createElement('div');
  h.className = 'otklik-draft-head';
  h.textContent = head.text;
  box.appendChild(h);
  if (result.nearest?.text && head.level !== 'ok') {
    const n = doc.createElement('div');
    n.className = 'otklik-draft-nearest';
    const near = result.nearest.text.length > 160 ? `${result.nearest.text.slice(0, 157)}…` : result.nearest.text;
    n.textContent = t(page.lang, 'draft_nearest', near);
    box.appendChild(n);
  }
  const cliches = result.cliches ?? [];
  if (cliches.length || (result.spans ?? []).length) {
    const p = doc.createElement('div');
    p.className = 'otklik-draft-text';
    for (const seg of segments(text, result.spans, cliches)) {
      if (seg.kind === 'plain') {
        p.appendChild(doc.createTextNode(seg.text));
        continue;
      }
      const m = doc.createElement('mark');
      m.className = seg.kind === 'cliche' ? 'otklik-cliche' : 'otklik-template';
      m.textContent = seg.text;
      if (seg.alternative) m.title = t(page.lang, 'draft_instead', seg.alternative);
      p.appendChild(m);
    }
    box.appendChild(p);
  }
  if (cliches.length) {
    const label = doc.createElement('div');
    label.textContent = t(page.lang, 'draft_cliches');
    const ul = doc.createElement('ul');
    ul.className = 'otklik-alts';
    for (const c of cliches) {
      const li = doc.createElement('li');
      li.textContent = c.alternative ? `«${c.phrase}» → ${t(page.lang, 'draft_instead', c.alternative)}` : `«${c.phrase}»`;
      ul.appendChild(li);
    }
    box.append(label, ul);
  }
}

export const draftWatcher = {
  name: 'draft-watcher',
  init(page) {
    const watchers = new WeakMap(); // editor → {check, seq}

    const watcherFor = (editor) => {
      let w = watchers.get(editor);
      if (w) return w;
      w = { seq: 0 };
      w.check = debounce(async () => {
        const text = page.adapter.editorText(editor).trim();
        const seq = ++w.seq;
        if (text.length < MIN_CHARS) {
          page.draftResults.delete(editor);
          render(page, editor, '', null, null);
          page.emit('draft-checked', { editor, text: '', result: null });
          return;
        }
        const target = page.replyTarget(editor);
        let answer;
        try {
          answer = await page.send(MessageCStoBG.CHECK_DRAFT, {
            text,
            lang: page.lang,
            ...(target ? { comment_id: target.id, platform: page.adapter.id, comment: answeredComment(target) } : {}),
          });
        } catch (err) {
          answer = { error: { code: 'extension', message: String(err?.message ?? err) } };
        }
        // Stale: the operator typed on, or a newer check was started meanwhile.
        if (seq !== w.seq || page.adapter.editorText(editor).trim() !== text) return;
        if (answer?.result) page.draftResults.set(editor, { text, result: answer.result });
        render(page, editor, text, answer?.result ?? null, answer?.result ? null : (answer?.error ?? { code: 'unknown' }));
        page.emit('draft-checked', { editor, text, result: answer?.result ?? null });
      }, DEBOUNCE_MS);
      watchers.set(editor, w);
      return w;
    };

    const onInput = (editor) => {
      if (editor) watcherFor(editor).check();
    };
    page.doc.addEventListener('input', (e) => onInput(page.adapter.editorOf(e.target)), true);
    page.on('editor-input', ({ editor }) => onInput(editor));
    // After sending, the site empties the box: clear the hint with it.
    page.on('reply-sent', ({ editor }) => {
      if (editor) {
        page.draftResults.delete(editor);
        render(page, editor, '', null, null);
        page.emit('draft-checked', { editor, text: '', result: null });
      }
    });
  },
};

// sitrep search: reads the index `sitrep build` writes under search/ (the
// format is described in src/search/files.rs; src/search/query.rs answers
// queries the same way in Rust, for the tests). No framework: the page's
// form, a few fetches, and results built as elements and text nodes, never
// as HTML from the index.
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch) return;
  var T = JSON.parse(document.getElementById('search-text').textContent);
  var base = form.getAttribute('data-base') || '/';
  var lang = form.getAttribute('data-lang') || 'en';
  function $(id) { return document.getElementById(id); }
  var input = $('search-q'), topicSel = $('search-topic'), sourceSel = $('search-source');
  var fromIn = $('search-from'), toIn = $('search-to'), sortSel = $('search-sort');
  var status = $('search-status'), note = $('search-note'), list = $('search-results'), more = $('search-more');

  // ---- Folding: the rules of src/search/fold.rs ---------------------------
  var MARK = /\p{M}/u, WORD = /[\p{Alphabetic}\p{N}]/u;
  var APOS = { "'": 1, '\u2019': 1, '\u2018': 1, '\u02BC': 1, '`': 1 };
  var SPELLED = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'ł': 'l', 'đ': 'd' };
  // The folded words of `text`, each with its start and end (UTF-16 offsets).
  function words(text) {
    var out = [], word = '', start = 0, chars = Array.from(text), at = 0;
    function flush(end) { if (word) { out.push({ w: word, start: start, end: end }); word = ''; } }
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i], here = at;
      at += c.length;
      if (APOS[c] && word && i + 1 < chars.length && WORD.test(chars[i + 1])) continue;
      var before = word.length, boundary = false;
      var parts = c.normalize('NFD');
      for (var d of parts) {
        if (MARK.test(d)) continue;
        for (var l of d.toLowerCase()) {
          if (MARK.test(l)) continue;
          if (SPELLED[l]) word += SPELLED[l];
          else if (WORD.test(l)) word += l;
          else boundary = true;
        }
      }
      if (boundary && word.length === before) flush(here);
      else if (before === 0 && word) start = here;
    }
    flush(at);
    return out;
  }
  function fold(text) { return words(text).map(function (x) { return x.w; }); }
  function len(s) { return Array.from(s).length; }
  function group(term) { return Array.from(term).slice(0, 2).join(''); }

  // ---- Query language: the rules of src/search/query.rs --------------------
  function parse(q) {
    var parts = [], rest = q.replace(/^\s+/, '');
    while (rest) {
      var not = rest[0] === '-';
      if (not) rest = rest.slice(1);
      var raw, ws;
      if (rest[0] === '"') {
        var end = rest.indexOf('"', 1);
        if (end < 0) end = rest.length;
        raw = rest.slice(1, end);
        rest = rest.slice(end + 1);
        ws = fold(raw);
        if (ws.length) parts.push({ phrase: ws, not: not });
      } else {
        var m = rest.search(/\s/);
        if (m < 0) m = rest.length;
        raw = rest.slice(0, m);
        rest = rest.slice(m);
        ws = fold(raw);
        if (ws.length === 1) parts.push({ word: ws[0], not: not });
        else if (ws.length > 1) parts.push({ phrase: ws, not: not });
      }
      rest = rest.replace(/^\s+/, '');
    }
    return parts;
  }
  function oneTypo(a, b) {
    a = Array.from(a); b = Array.from(b);
    if (a.join('') === b.join('') || Math.abs(a.length - b.length) > 1) return false;
    var p = 0;
    while (p < a.length && p < b.length && a[p] === b[p]) p++;
    var A = function (k) { return a.slice(k).join(''); }, B = function (k) { return b.slice(k).join(''); };
    if (a.length === b.length) {
      return A(p + 1) === B(p + 1) || (p + 1 < a.length && a[p] === b[p + 1] && a[p + 1] === b[p] && A(p + 2) === B(p + 2));
    }
    return a.length < b.length ? A(p) === B(p + 1) : A(p + 1) === B(p);
  }
  function distance(a, b) {
    a = Array.from(a); b = Array.from(b);
    var prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  // ---- Index files ----------------------------------------------------------
  var files = new Map();
  function get(path) {
    if (!files.has(path)) {
      files.set(path, fetch(base + 'search/' + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
        return r.json();
      }));
    }
    return files.get(path);
  }
  function shardPath(key) {
    if (/^[a-z0-9]+$/.test(key)) return 't/' + key + '.json';
    var hex = '';
    new TextEncoder().encode(key).forEach(function (b) { hex += (b < 16 ? '0' : '') + b.toString(16); });
    return 't/_' + hex + '.json';
  }
  var meta, shards = new Map();
  function loadMeta() {
    return get('docs.json').then(function (m) {
      if (meta) return meta;
      var day = [], last = 0;
      m.day.forEach(function (d, i) { last = i === 0 ? d : last - d; day.push(last); });
      // A document's number is its day times m.slots plus its slot; its
      // row file holds m.days days. Numbers are turned into places in
      // the order (newest first) as shards arrive.
      var rows = new Map(), chunk = [], filled = new Map();
      day.forEach(function (d, i) {
        var b = Math.min(Math.max(d, 0), 65535), c = Math.floor(b / m.days);
        rows.set(b * m.slots + m.slot[i], i);
        var k = filled.get(c) || 0;
        chunk.push([c, k]);
        filled.set(c, k + 1);
      });
      meta = { n: m.n, rows: rows, chunk: chunk, page: m.rows, keys: m.keys, topics: m.topics, sources: m.sources, day: day, src: m.src, top: m.top };
      m.sources.forEach(function (s) {
        var o = document.createElement('option');
        o.value = s[0];
        o.textContent = s[0];
        sourceSel.appendChild(o);
      });
      sourceSel.value = new URLSearchParams(location.search).get('source') || '';
      return meta;
    });
  }
  function shard(key) {
    if (shards.has(key)) return Promise.resolve(shards.get(key));
    return get(shardPath(key)).then(function (s) {
      var terms = new Map(), rows = new Map();
      s.t.forEach(function (t) {
        var docs = [], w = [], d = 0;
        t[1].forEach(function (x, k) {
          d += x;
          var row = meta.rows.get(d);
          if (row !== undefined) { docs.push(row); w.push(t[2].charCodeAt(k) - 96); }
        });
        terms.set(t[0], { docs: docs, w: w });
      });
      s.r.forEach(function (r) {
        var row = meta.rows.get(r[0]);
        if (row !== undefined) rows.set(row, { title: r[1], path: r[2], snippets: r[3] });
      });
      var v = { terms: terms, sorted: Array.from(terms.keys()).sort(), rows: rows };
      shards.set(key, v);
      return v;
    });
  }
  function keysFor(word, prefix) {
    var best = null;
    meta.keys.forEach(function (k) { if (word.startsWith(k) && (!best || k.length > best.length)) best = k; });
    var keys = best ? [best] : [];
    if (prefix) meta.keys.forEach(function (k) { if (k.length > word.length && k.startsWith(word)) keys.push(k); });
    return keys;
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  function addAll(found, t) {
    t.docs.forEach(function (d, i) { var w = t.w[i]; if (!(found.get(d) >= w)) found.set(d, w); });
  }
  // Documents matching one word: doc → best weight; the terms used go in `used`.
  function matchWord(word, forgive, used, typos) {
    var prefix = len(word) >= 3;
    return Promise.all(keysFor(word, prefix).map(shard)).then(function (ss) {
      var found = new Map();
      ss.forEach(function (s) {
        s.sorted.forEach(function (term) {
          if (term === word || (prefix && term.startsWith(word))) { addAll(found, s.terms.get(term)); used.push(term); }
        });
      });
      if (found.size || !forgive || len(word) < 5) return found;
      var g = group(word);
      return Promise.all(meta.keys.filter(function (k) { return k.startsWith(g); }).map(shard)).then(function (ss) {
        ss.forEach(function (s) {
          s.sorted.forEach(function (term) {
            if (oneTypo(word, term)) { addAll(found, s.terms.get(term)); used.push(term); typos.push(term); }
          });
        });
        return found;
      });
    });
  }
  // Summary and text of a document: x/N.txt, documents ended by U+001E,
  // each summary by U+001F.
  var texts = new Map();
  function text(doc) {
    var c = meta.chunk[doc] || [-1, 0], path = 'x/' + c[0] + '.txt';
    if (!texts.has(path)) {
      texts.set(path, fetch(base + 'search/' + path).then(function (r) {
        if (!r.ok) throw new Error(path + ': HTTP ' + r.status);
        return r.text();
      }).then(function (t) { return t.split('\u001e').map(function (d) { return d.split('\u001f'); }); }));
    }
    return texts.get(path).then(function (x) { return x[c[1]] || ['', '']; });
  }
  function row(doc) {
    var keys = Array.from(shards.keys()).sort(cmp);
    for (var i = 0; i < keys.length; i++) {
      var r = shards.get(keys[i]).rows.get(doc);
      if (r) return Promise.resolve(r);
    }
    var c = meta.chunk[doc] || [-1, 0];
    return get('d/' + c[0] + '.json').then(function (x) {
      var r = x[c[1]] || ['', '', ''];
      return { title: r[0], path: r[1], snippets: [r[2]] };
    });
  }
  function holds(fieldText, ws) {
    var f = fold(fieldText);
    outer: for (var i = 0; i + ws.length <= f.length; i++) {
      for (var k = 0; k < ws.length; k++) if (f[i + k] !== ws[k]) continue outer;
      return true;
    }
    return false;
  }
  function matchPhrase(ws, used) {
    return Promise.all(ws.map(function (w) {
      return Promise.all(keysFor(w, false).map(shard)).then(function (ss) {
        var m = new Map();
        ss.forEach(function (s) { var t = s.terms.get(w); if (t) addAll(m, t); });
        return m;
      });
    })).then(function (sets) {
      var cand = sets[0];
      sets.slice(1).forEach(function (s) {
        var next = new Map();
        cand.forEach(function (w, d) { if (s.has(d)) next.set(d, w + s.get(d)); });
        cand = next;
      });
      var docs = Array.from(cand.keys()).sort(function (a, b) { return a - b; });
      return Promise.all(docs.map(function (d) {
        return Promise.all([text(d), row(d)]).then(function (x) {
          return [x[1].title, x[0][0], x[0][1]].some(function (f) { return holds(f, ws); });
        });
      })).then(function (ok) {
        var out = new Map();
        docs.forEach(function (d, i) { if (ok[i]) out.set(d, cand.get(d)); });
        ws.forEach(function (w) { used.push(w); });
        return out;
      });
    });
  }
  function dayNumber(iso) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso || '')) return null;
    var t = Date.parse(iso + 'T00:00:00Z');
    return isNaN(t) ? null : Math.round(t / 86400000);
  }
  // Answers a query: {hits: [{doc, score}], used, typos, counts}.
  function search(st) {
    var parts = parse(st.q), used = [], typos = [];
    return Promise.all(parts.map(function (p) {
      return p.word !== undefined ? matchWord(p.word, !p.not, p.not ? [] : used, typos) : matchPhrase(p.phrase, p.not ? [] : used);
    })).then(function (sets) {
      var scored = null, excluded = new Set();
      parts.forEach(function (p, i) {
        var docs = sets[i];
        if (p.not) { docs.forEach(function (_, d) { excluded.add(d); }); return; }
        if (!scored) { scored = new Map(docs); return; }
        var next = new Map();
        scored.forEach(function (s, d) { if (docs.has(d)) next.set(d, s + docs.get(d)); });
        scored = next;
      });
      var filtered = st.topic || st.source || st.from || st.to;
      if (!scored) {
        scored = new Map();
        if (parts.length || filtered) for (var d = 0; d < meta.n; d++) scored.set(d, 0);
      }
      var src = st.source ? meta.sources.findIndex(function (s) { return s[0] === st.source; }) + 1 || -1 : 0;
      var from = dayNumber(st.from), to = dayNumber(st.to);
      var counts = new Map(), hits = [];
      var topic = st.topic ? meta.topics.findIndex(function (t) { return t[0] === st.topic; }) : -2;
      scored.forEach(function (s, d) {
        if (excluded.has(d)) return;
        if (src && meta.src[d] !== src) return;
        if (from !== null && meta.day[d] < from) return;
        if (to !== null && meta.day[d] > to) return;
        meta.top[d].forEach(function (t) { counts.set(t, (counts.get(t) || 0) + 1); });
        if (topic !== -2 && meta.top[d].indexOf(topic) < 0) return;
        hits.push({ doc: d, score: s });
      });
      hits.sort(st.sort === 'newest'
        ? function (a, b) { return a.doc - b.doc; }
        : function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return { hits: hits, used: used, typos: typos, counts: counts, parts: parts };
    });
  }

  // ---- State in the URL -----------------------------------------------------
  function readState() {
    var p = new URLSearchParams(location.search);
    return { q: p.get('q') || '', topic: p.get('topic') || '', source: p.get('source') || '',
      from: p.get('from') || '', to: p.get('to') || '', sort: p.get('sort') === 'newest' ? 'newest' : '' };
  }
  function formState() {
    return { q: input.value, topic: topicSel.value, source: sourceSel.value, from: fromIn.value, to: toIn.value, sort: sortSel.value };
  }
  function setForm(st) {
    input.value = st.q; topicSel.value = st.topic; sourceSel.value = st.source;
    fromIn.value = st.from; toIn.value = st.to; sortSel.value = st.sort;
  }
  function query(st) {
    var p = new URLSearchParams();
    ['q', 'topic', 'source', 'from', 'to', 'sort'].forEach(function (k) { if (st[k]) p.set(k, st[k]); });
    var s = p.toString();
    return s ? '?' + s : '';
  }
  var lastPush = 0;
  function remember(st, push) {
    var url = location.pathname + query(st);
    if (url === location.pathname + location.search) return;
    var now = Date.now();
    // Typing replaces the entry; a pause, a filter or Enter makes a new one.
    if (push || now - lastPush > 1500) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    lastPush = now;
  }

  // ---- Showing results --------------------------------------------------------
  function say(key, n, q, w) {
    return (T[key] || '').replace('{n}', String(n)).replace('{q}', q).replace('{w}', w);
  }
  var dateFormat = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  function el(tag, cls, textValue) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (textValue !== undefined) e.textContent = textValue;
    return e;
  }
  function link(path, label, cls) {
    var a = el('a', cls, label);
    a.href = base + path;
    return a;
  }
  // The snippet as text nodes, with the words the query matched in <mark>.
  function marked(snippet, used) {
    var p = el('p', 'result-snippet'), at = 0;
    words(snippet).forEach(function (x) {
      if (used.indexOf(x.w) < 0) return;
      if (x.start > at) p.appendChild(document.createTextNode(snippet.slice(at, x.start)));
      p.appendChild(el('mark', '', snippet.slice(x.start, x.end)));
      at = x.end;
    });
    if (at < snippet.length) p.appendChild(document.createTextNode(snippet.slice(at)));
    return p;
  }
  // The snippet holding most matched words (the first of equals).
  function bestSnippet(snippets, used) {
    var best = '', most = -1;
    snippets.forEach(function (s) {
      var n = fold(s).filter(function (w) { return used.indexOf(w) >= 0; }).length;
      if (n > most) { best = s; most = n; }
    });
    return best;
  }
  function item(hit, r, used) {
    var li = el('li', 'search-result');
    li.appendChild(link(r.path, r.title, 'result-title'));
    var m = el('p', 'result-meta'), d = meta.day[hit.doc];
    // Day 0: a standalone page, which has no date.
    if (d) {
      var time = el('time', '', dateFormat.format(new Date(d * 86400000)));
      time.setAttribute('datetime', new Date(d * 86400000).toISOString().slice(0, 10));
      m.appendChild(time);
    }
    var s = meta.src[hit.doc];
    if (s) {
      if (m.firstChild) m.appendChild(document.createTextNode(' · '));
      m.appendChild(link('sources/' + meta.sources[s - 1][1] + '/', meta.sources[s - 1][0]));
    }
    meta.top[hit.doc].forEach(function (t) {
      if (m.firstChild) m.appendChild(document.createTextNode(' · '));
      m.appendChild(link('topics/' + meta.topics[t][0] + '/', meta.topics[t][1], 'result-topic'));
    });
    if (m.firstChild) li.appendChild(m);
    var snippet = bestSnippet(r.snippets, used);
    if (snippet) li.appendChild(marked(snippet, used));
    return li;
  }
  var current = null, shown = 0;
  function showMore() {
    var ans = current, from = shown, page = ans.hits.slice(from, from + meta.page);
    shown = from + page.length;
    return Promise.all(page.map(function (h) { return row(h.doc); })).then(function (rows) {
      if (ans !== current) return;
      if (from === 0) list.textContent = '';
      rows.forEach(function (r, i) { list.appendChild(item(page[i], r, ans.used)); });
      more.hidden = shown >= ans.hits.length;
    });
  }
  function counts(c) {
    Array.from(topicSel.options).forEach(function (o, i) {
      if (!o.getAttribute('data-name')) o.setAttribute('data-name', o.textContent);
      var name = o.getAttribute('data-name');
      if (i === 0) return;
      var t = meta.topics.findIndex(function (x) { return x[0] === o.value; });
      o.textContent = c ? name + ' (' + (c.get(t) || 0) + ')' : name;
    });
  }
  // The no-results line's suggestion: drop the filters when that finds
  // something, else a near word, else fewer words.
  function suggest(st, ans) {
    note.textContent = '';
    if (st.topic || st.source || st.from || st.to) {
      var plain = { q: st.q, topic: '', source: '', from: '', to: '', sort: st.sort };
      return search(plain).then(function (a) {
        if (!a.hits.length) return suggestWord(st, ans);
        var b = el('button', 'link-button', say('drop_filters'));
        b.type = 'button';
        b.addEventListener('click', function () { setForm(plain); run(true); });
        note.appendChild(b);
        note.hidden = false;
      });
    }
    return suggestWord(st, ans);
  }
  function replaceWord(q, word, by) {
    return q.split(/(\s+)/).map(function (tok) {
      var neg = tok[0] === '-';
      return fold(tok).join('') === word && !neg ? by : tok;
    }).join('');
  }
  // A near word (two edits at most) from the shards of the first word.
  function suggestWord(st, ans) {
    var word = null;
    ans.parts.forEach(function (p) { if (!word && !p.not && p.word !== undefined) word = p.word; });
    var done = function (best) {
      if (best) {
        var next = Object.assign({}, st, { q: replaceWord(st.q, word, best) });
        var a = el('a', '', best);
        a.href = location.pathname + query(next);
        a.addEventListener('click', function (e) { e.preventDefault(); setForm(next); run(true); });
        var parts = say('did_you_mean', 0, '', '\u0000').split('\u0000');
        note.appendChild(document.createTextNode(parts[0]));
        note.appendChild(a);
        note.appendChild(document.createTextNode(parts[1] || ''));
      } else {
        note.textContent = say('fewer_words');
      }
      note.hidden = false;
    };
    if (!word) return Promise.resolve(done(null));
    var g = group(word);
    var keys = meta.keys.filter(function (k) { return k.startsWith(g); }).slice(0, 4);
    return Promise.all(keys.map(shard)).then(function (ss) {
      var best = null, bestD = 3;
      ss.forEach(function (s) {
        s.sorted.forEach(function (t) {
          var d = distance(word, t);
          if (d > 0 && d < bestD) { best = t; bestD = d; }
        });
      });
      done(best);
    });
  }
  var seq = 0;
  function run(push) {
    var st, mine = ++seq;
    var slow = setTimeout(function () { if (mine === seq) status.textContent = say('loading'); }, 200);
    // The sources' options come with the index, so the state is read after it.
    return loadMeta().then(function () {
      st = formState();
      remember(st, push);
      if (!st.q.trim() && !st.topic && !st.source && !st.from && !st.to) return null;
      return search(st);
    }).then(function (ans) {
      clearTimeout(slow);
      if (mine !== seq) return;
      note.hidden = true;
      note.textContent = '';
      current = ans;
      shown = 0;
      if (!ans) { list.textContent = ''; status.textContent = ''; more.hidden = true; counts(null); return; }
      counts(ans.counts);
      var n = ans.hits.length;
      status.textContent = n === 0 ? say('none', 0, '\u201C' + st.q + '\u201D', '') : n === 1 ? say('results_one') : say('results_many', n.toLocaleString(lang));
      if (ans.typos.length) { note.textContent = say('typo', 0, '', ans.typos.join(', ')); note.hidden = false; }
      if (n === 0) { list.textContent = ''; more.hidden = true; return suggest(st, ans); }
      return showMore();
    }).catch(function (e) {
      clearTimeout(slow);
      status.textContent = say('failed');
      throw e;
    });
  }
  var timer = 0;
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { run(false); }, 120); });
  [topicSel, sourceSel, fromIn, toIn, sortSel].forEach(function (c) { c.addEventListener('change', function () { run(true); }); });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); run(true); });
  more.addEventListener('click', function () { showMore(); });
  window.addEventListener('popstate', function () { setForm(readState()); run(false); });
  setForm(readState());
  run(false);
})();

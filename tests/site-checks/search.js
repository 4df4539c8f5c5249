// The search page of the built fixture site, tried in headless Chromium as a reader would.
// Called by tests/site-checks.sh after axe.js:
//
//   node search.js SITE_DIR BASE_PATH
//
// Serves SITE_DIR under BASE_PATH and opens BASE_PATH/search/?q=… for a few queries of
// tests/fixtures/theme-site, asserting the first result's link, the <mark> in its snippet, a
// topic filter, the no-results line with a suggestion, that typing updates the results and the
// URL (and the back button restores the previous query), and that no JavaScript error is thrown.
// Prints one line per failed expectation, then `search-checks: N checks, F failed`.
// Exit: 0 all passed, 1 a check failed, 2 could not run.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { chromium } = require(path.join(process.env.NODE_MODULES, 'playwright-core'));

const [siteArg, baseArg = '/'] = process.argv.slice(2);
const site = path.resolve(siteArg);
const base = ('/' + baseArg + '/').replace(/\/+/g, '/');
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.json': 'application/json' };

function serve() {
  const server = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!p.startsWith(base)) { res.writeHead(404); return res.end(); }
    let file = path.join(site, p.slice(base.length));
    if (p.endsWith('/')) file = path.join(file, 'index.html');
    if (!file.startsWith(site) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(async () => {
  const server = await serve();
  const root = `http://127.0.0.1:${server.address().port}${base}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  let checks = 0, failed = 0;
  const check = (ok, what) => { checks++; if (!ok) { failed++; console.log(`error: search: ${what}`); } };
  const open = async (query) => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(String(e.message || e)));
    await page.goto(root + 'search/' + query, { waitUntil: 'networkidle' });
    await page.waitForFunction(() => document.getElementById('search-status').textContent.trim() !== '', null, { timeout: 10000 }).catch(() => {});
    return { ctx, page, errors };
  };
  const results = page => page.$$eval('#search-results > li', lis => lis.map(li => {
    const a = li.querySelector('a[href]');
    const mark = li.querySelector('.result-snippet mark');
    return { first: li.firstElementChild === a, href: a && a.getAttribute('href'), title: a && a.textContent, mark: mark && mark.textContent,
      time: !!li.querySelector('time[datetime]') };
  }));

  // A word: the first result, its link under the sub-path, the marked word, the count.
  let s = await open('?q=cable');
  let r = await results(s.page);
  check(r.length === 1, `?q=cable: expected 1 result, got ${r.length}`);
  check(r[0] && r[0].first && r[0].href === base + '2024/11/22/baltic-cable-damage/', `?q=cable: first result links to ${r[0] && r[0].href}`);
  check(r[0] && /^cable$/i.test(r[0].mark || ''), `?q=cable: the snippet's <mark> is ${r[0] && r[0].mark}`);
  check(r[0] && r[0].time, '?q=cable: the result has no <time datetime>');
  check(/1 report/.test(await s.page.textContent('#search-status')), '?q=cable: the status does not say "1 report"');
  check((await s.page.getAttribute('#search-status', 'aria-live')) === 'polite', 'the status is not aria-live');
  check(s.errors.length === 0, `?q=cable: JavaScript errors: ${s.errors.join('; ')}`);
  await s.ctx.close();

  // A filter with a word: "drone" in the energy topic is one report, and the select shows counts.
  s = await open('?q=drone&topic=energy');
  r = await results(s.page);
  check(r.length === 1 && r[0].href === base + '2024/11/23/kyiv-drone-damage-update/', `?q=drone&topic=energy: got ${JSON.stringify(r.map(x => x.href))}`);
  const option = await s.page.$eval('#search-topic option[value="drone-strikes"]', o => o.textContent);
  // Three drone-strike reports say "drone" (the Kyiv pair and the Bryansk claim).
  check(/\(3\)$/.test(option), `?q=drone&topic=energy: the topic select says "${option}", expected a count of 3`);
  check(s.errors.length === 0, `?q=drone&topic=energy: JavaScript errors: ${s.errors.join('; ')}`);
  await s.ctx.close();

  // A quoted phrase: the words in order, checked against the stored text.
  s = await open('?q=' + encodeURIComponent('"power cable"'));
  r = await results(s.page);
  check(r.length === 1 && r[0].href.endsWith('baltic-cable-damage/'), `"power cable": got ${JSON.stringify(r.map(x => x.href))}`);
  check(s.errors.length === 0, `"power cable": JavaScript errors: ${s.errors.join('; ')}`);
  await s.ctx.close();
  s = await open('?q=' + encodeURIComponent('"cable power"'));
  check((await results(s.page)).length === 0, '"cable power": expected no results');
  await s.ctx.close();

  // A filter alone lists newest first.
  s = await open('?source=Nordic+Desk');
  r = await results(s.page);
  check(r.length === 2 && r[0].href.endsWith('baltic-cable-damage/') && r[1].href.endsWith('grid-repairs/'), `?source=Nordic Desk: got ${JSON.stringify(r.map(x => x.href))}`);
  await s.ctx.close();

  // Nothing found: the no-results line and a suggestion (a near word).
  // ("cabel" would find "cable": one typo is forgiven; "cabbel" is two away.)
  s = await open('?q=cabbel');
  r = await results(s.page);
  check(r.length === 0, `?q=cabbel: expected no results, got ${r.length}`);
  check(/No report matches/.test(await s.page.textContent('#search-status')), '?q=cabbel: no "No report matches" line');
  await s.page.waitForSelector('#search-note:not([hidden])', { timeout: 5000 }).catch(() => {});
  const note = await s.page.textContent('#search-note');
  check(/Did you mean cable\?/.test(note), `?q=cabbel: the suggestion is "${note}"`);
  check(s.errors.length === 0, `?q=cabbel: JavaScript errors: ${s.errors.join('; ')}`);
  await s.ctx.close();

  // One typo forgiven: "cabel" finds the cable report, and says so.
  s = await open('?q=cabel');
  r = await results(s.page);
  check(r.length === 1 && r[0].href.endsWith('baltic-cable-damage/'), `?q=cabel: got ${JSON.stringify(r.map(x => x.href))}`);
  await s.ctx.close();

  // Typing searches and updates the URL; the back button brings the previous query back.
  s = await open('?q=cable');
  await s.page.fill('#search-q', 'drone');
  await s.page.waitForFunction(() => location.search === '?q=drone' && document.querySelectorAll('#search-results > li').length > 1, null, { timeout: 5000 })
    .catch(() => {});
  check(new URL(s.page.url()).search === '?q=drone', `typing: the URL is ${s.page.url()}`);
  r = await results(s.page);
  // The Kyiv pair and the Bryansk claim.
  check(r.length === 3, `typing "drone": ${r.length} results`);
  await s.page.goBack();
  await s.page.waitForFunction(() => document.getElementById('search-q').value === 'cable', null, { timeout: 5000 }).catch(() => {});
  check((await s.page.inputValue('#search-q')) === 'cable', 'back: the query box does not say "cable" again');
  check(s.errors.length === 0, `typing: JavaScript errors: ${s.errors.join('; ')}`);
  await s.ctx.close();

  await browser.close();
  server.close();
  console.log(`search-checks: ${checks} checks, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => { console.log(`search-checks: could not run: ${String(e.message || e).split('\n')[0]}`); process.exit(2); });

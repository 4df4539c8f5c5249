// axe-core over every page of a built site, in headless Chromium driven by playwright-core.
// Called by tests/site-checks.sh:
//
//   node axe.js SITE_DIR BASE_PATH
//
// Serves SITE_DIR under BASE_PATH (e.g. /digest/) from a small static server on 127.0.0.1, so a
// sub-path build is checked as a reader would see it (404.html answers unknown paths). Each page
// is checked in every pass of PASSES: light at 1280 px, dark at 1280 px, light on a 360 px phone.
// A page fails on a critical or serious axe violation, a JavaScript error, a request to any
// other host (the theme must not load fonts or scripts from elsewhere; an image an article
// embeds from elsewhere is only a warning), a subresource that
// does not load, or content wider than the viewport (sideways scrolling on a phone). Prints one line per problem, then the summary line
//   axe: C critical, S serious, M moderate in N page checks; X other problems
// Exit: 0 clean, 1 problems, 2 could not run.
// Env: NODE_MODULES (playwright-core and axe-core), CHROMIUM (the browser binary).
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const NM = process.env.NODE_MODULES;
const { chromium } = require(path.join(NM, 'playwright-core'));
const axeSource = fs.readFileSync(path.join(NM, 'axe-core', 'axe.min.js'), 'utf8');
const axeVersion = require(path.join(NM, 'axe-core', 'package.json')).version;

const [siteArg, baseArg = '/'] = process.argv.slice(2);
const site = path.resolve(siteArg);
const base = ('/' + baseArg + '/').replace(/\/+/g, '/');
const PASSES = [
  { name: 'light 1280px', colorScheme: 'light', viewport: { width: 1280, height: 900 } },
  { name: 'dark 1280px', colorScheme: 'dark', viewport: { width: 1280, height: 900 } },
  { name: 'light 360px', colorScheme: 'light', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
];
const FAILING = new Set(['critical', 'serious']);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

function htmlFiles(dir, rel = '') {
  let out = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out = out.concat(htmlFiles(dir, r));
    else if (e.name.endsWith('.html')) out.push(r);
  }
  return out.sort();
}

// A static host: BASE/x/ is BASE/x/index.html; anything missing gets 404.html with status 404.
function serve() {
  const server = http.createServer((req, res) => {
    const send = (status, file) => {
      res.writeHead(status, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      fs.createReadStream(file).pipe(res);
    };
    const notFound = () => {
      const page = path.join(site, '404.html');
      if (fs.existsSync(page)) send(404, page);
      else { res.writeHead(404); res.end('not found'); }
    };
    let p;
    try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { return notFound(); }
    if (!p.startsWith(base)) return notFound();
    let file = path.join(site, p.slice(base.length));
    if (!file.startsWith(site)) return notFound();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!p.endsWith('/')) { res.writeHead(301, { location: p + '/' }); return res.end(); }
      file = path.join(file, 'index.html');
    }
    if (fs.existsSync(file) && fs.statSync(file).isFile()) send(200, file);
    else notFound();
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

(async () => {
  const pages = htmlFiles(site);
  if (pages.length === 0) throw new Error(`no .html files in ${site}`);
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`axe-core ${axeVersion}: ${pages.length} pages x ${PASSES.length} passes (${PASSES.map(p => p.name).join(', ')}) at ${origin}${base}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const counts = { critical: 0, serious: 0, moderate: 0, minor: 0 };
  const problems = []; // each fails the run
  const warnings = []; // moderate violations, remote images: reported, not failing
  let checks = 0;
  for (const pass of PASSES) {
    const { name, ...options } = pass;
    const context = await browser.newContext({ ...options, bypassCSP: true });
    // Only this site's own host may be asked for anything.
    await context.route('**/*', route => {
      const u = route.request().url();
      if (u.startsWith(origin + '/') || u.startsWith('data:')) return route.continue();
      let from = '?';
      try { from = route.request().frame().url(); } catch { /* a worker or a detached frame */ }
      const type = route.request().resourceType();
      const line = `${name}: ${from.replace(origin + base, '') || 'index'}: request to another host (${type}): ${u}`;
      // An image or video an article embeds is the author's choice; anything else (a font, a
      // stylesheet, a script, a fetch) comes from the templates, which must not call out.
      (type === 'image' || type === 'media' ? warnings : problems).push(line);
      return route.abort();
    });
    for (const rel of pages) {
      const url = origin + base + (rel === '404.html' ? 'no-such-page/' : rel.replace(/(^|\/)index\.html$/, '$1'));
      const page = await context.newPage();
      page.on('pageerror', e => problems.push(`${name}: ${rel}: JavaScript error: ${String(e.message || e).split('\n')[0]}`));
      page.on('response', r => {
        if (r.status() >= 400 && r.url() !== url) problems.push(`${name}: ${rel}: HTTP ${r.status()} for ${r.url()}`);
      });
      try {
        const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
        const expected = rel === '404.html' ? 404 : 200;
        if (!resp || resp.status() !== expected) {
          problems.push(`${name}: ${rel}: HTTP ${resp ? resp.status() : 'no response'} for ${url}, expected ${expected}`);
          continue;
        }
        // Responsive down to a 360 px phone: nothing may push the page sideways.
        const wide = await page.evaluate(() => {
          const w = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= w) return null;
          const el = [...document.querySelectorAll('body *')].find(e => e.getBoundingClientRect().right > w + 1);
          return { width: document.documentElement.scrollWidth, viewport: w,
            element: el ? el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ')[0] : '') : '?' };
        });
        if (wide) problems.push(`${name}: ${rel}: page is ${wide.width} px wide in a ${wide.viewport} px viewport (first too wide: ${wide.element})`);
        await page.evaluate(axeSource);
        const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        checks++;
        for (const v of res.violations) {
          const impact = v.impact || 'minor';
          counts[impact]++;
          if (!FAILING.has(impact) && impact !== 'moderate') continue;
          const n = v.nodes[0];
          const where = n ? ` at ${n.target.join(' ')}` : '';
          const why = n && n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim()})` : '';
          const line = `${name}: ${rel}: ${impact} ${v.id}: ${v.help}; ${v.nodes.length} element(s)${where}${why}`;
          if (FAILING.has(impact)) problems.push(line);
          else warnings.push(line);
        }
      } catch (e) {
        problems.push(`${name}: ${rel}: could not check: ${String(e.message || e).split('\n')[0]}`);
      } finally {
        await page.close();
      }
    }
    await context.close();
  }
  await browser.close();
  server.close();
  const errors = [...new Set(problems)];
  for (const l of new Set(warnings)) console.log(`warning: ${l}`);
  for (const l of errors) console.log(`error: ${l}`);
  const violations = errors.filter(l => /: (critical|serious) [a-z0-9-]+: /.test(l)).length;
  console.log(`axe: ${counts.critical} critical, ${counts.serious} serious, ${counts.moderate} moderate in ${checks} page checks; ` +
    `${errors.length - violations} other problems`);
  process.exit(problems.length > 0 ? 1 : 0);
})().catch(e => {
  console.log(`axe: could not run: ${String(e.message || e).split('\n')[0]}`);
  process.exit(2);
});

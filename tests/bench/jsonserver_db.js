// make bench: json-server's db.json files from the bench server's own
// products, so both serve the same items. Pages through GET /products
// (100 at a time) and writes, in creation order, OUT/db-1000.json (the
// first 1,000: the store GET /products?limit=20 was measured on) and
// OUT/db-all.json (all of them: the search's store). Each also has a
// "health" object, json-server's stand-in for GET /health.
//
// Usage: node jsonserver_db.js BASE_URL TOKEN OUT_DIR
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');

const [base, token, out] = process.argv.slice(2);

function page(next) {
  let url = base + '/products?limit=100';
  if (next) url += '&nextToken=' + encodeURIComponent(next);
  return new Promise((resolve, reject) => {
    http.get(url, {headers: {Authorization: 'Bearer ' + token}}, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => {
        if (res.statusCode !== 200)
          reject(new Error('GET /products: ' + res.statusCode + ' ' + body));
        else
          resolve(JSON.parse(body));
      });
    }).on('error', reject);
  });
}

function write(name, products) {
  const db = {products: products, health: {status: 'healthy'}};
  fs.writeFileSync(path.join(out, name), JSON.stringify(db));
}

(async () => {
  const all = [];
  let next = null;
  do {
    const p = (await page(next)).data; // {success, data: {items, nextToken}}
    all.push(...p.items);
    next = p.nextToken;
  } while (next);
  all.reverse(); // the API lists the newest first
  write('db-1000.json', all.slice(0, 1000));
  write('db-all.json', all);
  console.log(all.length);
})().catch((e) => {
  console.error('jsonserver_db: ' + e.message);
  process.exit(1);
});

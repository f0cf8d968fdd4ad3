// Compare @huggingface/tokenizers (JS) with training/wp.py on texts: node check_tokenizer.cjs <tokdir> <texts.jsonl (text, ids)>
const path = require('path'), fs = require('fs');
const { Tokenizer } = require(path.join(__dirname, '..', 'node_modules', '@huggingface', 'tokenizers'));
const [dir, file] = process.argv.slice(2);
const tok = new Tokenizer(JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')),
  JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')));
let n = 0, bad = 0;
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (!line) continue;
  const r = JSON.parse(line); n++;
  const ids = tok.encode(r.text, { add_special_tokens: false }).ids;
  if (ids.join() !== r.ids.join()) { if (bad++ < 3) console.log('MISMATCH', JSON.stringify(r.text).slice(0, 200), '\n js', tok.encode(r.text,{add_special_tokens:false}).tokens.slice(0,40).join(' ')); }
}
console.log(`tokenizer check: ${n - bad}/${n} identical`);
process.exit(bad ? 1 : 0);

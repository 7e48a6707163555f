// Typesets TeX formulas to MathJax CHTML markup, for sitebuild/site/static_math.py.
// stdin: {"formulas": [{"tex": "...", "display": false}, ...], "fontURL": "..."}
// stdout: {"html": ["<mjx-container ...>", ...], "css": "..."}; a TeX error exits 1 naming the formula.
const path = require("path");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", async () => {
  const { formulas, fontURL } = JSON.parse(input);
  const MathJax = await require(path.resolve(process.argv[2], "node_modules", "mathjax")).init({
    loader: { load: ["input/tex", "output/chtml", "adaptors/liteDOM", "a11y/assistive-mml"] },
    tex: { formatError: (jax, error) => { throw error; } },
    // The scale docs/javascripts/mathjax.js gives the formulas MathJax typesets in the browser, so both are one size.
    chtml: { fontURL, scale: 1.2 },
    startup: { typeset: false },
  });
  const adaptor = MathJax.startup.adaptor;
  const html = [];
  for (const { tex, display } of formulas) {
    try {
      html.push(adaptor.outerHTML(MathJax.tex2chtml(tex, { display })));
    } catch (error) {
      process.stderr.write(`TeX error in ${JSON.stringify(tex)}: ${error.message}\n`);
      process.exit(1);
    }
  }
  process.stdout.write(JSON.stringify({ html, css: adaptor.textContent(MathJax.chtmlStylesheet()) }));
});

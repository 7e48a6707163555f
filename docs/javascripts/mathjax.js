// MathJax 3 설정과 불러오기: pymdownx.arithmatex 가 표시한 수식(.arithmatex)만 조판합니다.
// 노트북 페이지의 $…$ 수식은 빌드 확장(sitebuild/page/notebook_math.py)이 같은 표시로 바꿔 둡니다.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex",
  },
  // 수식은 어느 컴퓨터에서나 MathJax 글꼴의 1.2배로 그립니다. 빌드할 때 조판한 수식(sitebuild/site/typeset_math.cjs)도
  // 같은 배율이라 한 문단 안의 수식 크기가 같습니다. MathJax가 본문 글꼴에 맞춰 배율을 재게 두면(matchFontHeight)
  // 글꼴마다 배율이 달라지고(이 컴퓨터의 Noto Sans CJK KR에서 122.8%), 빌드에서는 잴 글꼴이 없어 100%가 됩니다.
  chtml: {
    scale: 1.2,
    matchFontHeight: false,
  },
};

// MathJax(압축해도 260 KB, 조판에 휴대폰에서 0.5초 남짓)는 수식이 화면 가까이(아래로 600px 안) 올 때
// 처음 불러옵니다. 수식이 없는 페이지나 첫 화면 밖에만 수식이 있는 페이지는 그만큼 빨리 열립니다.
// 불러오면 MathJax가 페이지의 수식을 모두 조판합니다.
const MATHJAX_SRC = new URL("../assets/mathjax/tex-chtml.js", document.currentScript.src).href;
let loading = null;

function loadMathJax() {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = MATHJAX_SRC;
    script.onload = () => MathJax.startup.promise.then(resolve, reject);
    script.onerror = () => reject(new Error(`MathJax를 불러오지 못했습니다: ${MATHJAX_SRC}`));
    document.head.append(script);
  });
  return loading;
}

// 조판되지 않은 수식. Markdown 페이지의 수식은 빌드할 때 조판되어 있습니다(sitebuild/site/static_math.py).
const untypeset = () => [...document.querySelectorAll(".arithmatex")].filter((el) => !el.querySelector("mjx-container"));

// 테스트와 스크린숏이 쓰는 약속: 페이지의 수식을 지금 조판하고, 끝나면 이행됩니다.
window.typesetMath = async () => {
  if (!untypeset().length) return;
  await loadMathJax();
  await MathJax.startup.promise;
};

let watcher = null;
document$.subscribe(() => {
  const formulas = untypeset();
  watcher?.disconnect();
  if (!formulas.length) return;
  if (!window.MathJax.typesetPromise) {
    watcher = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        watcher.disconnect();
        loadMathJax();
      },
      { rootMargin: "0px 0px 600px 0px" },
    );
    formulas.forEach((el) => watcher.observe(el));
    return;
  }
  // MathJax가 이미 있는데 조판되지 않은 수식이 생긴 경우(Material의 즉시 이동처럼 본문만 바뀐 경우)에만 다시 조판합니다.
  // (조판된 페이지에서 캐시를 비우면 글자 모양 규칙이 사라져 수식이 빈칸으로 보입니다.)
  MathJax.startup.output.clearCache();
  MathJax.typesetClear();
  MathJax.texReset();
  MathJax.typesetPromise();
});

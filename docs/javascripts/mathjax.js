// MathJax 3 설정: pymdownx.arithmatex 가 표시한 수식(.arithmatex)만 조판합니다.
// 노트북 페이지의 $…$ 수식은 빌드 확장(sitebuild/math.py)이 같은 표시로 바꿔 둡니다.
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
};

// Material이 페이지를 바꿀 때마다(즉시 이동 포함) 새 본문의 수식을 다시 조판합니다.
document$.subscribe(() => {
  if (window.MathJax && MathJax.typesetPromise) {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    MathJax.typesetPromise();
  }
});

// MathJax 3 설정: pymdownx.arithmatex 가 표시한 수식(.arithmatex)만 조판합니다.
// 노트북 페이지의 $…$ 수식은 빌드 확장(sitebuild/notebook_math.py)이 같은 표시로 바꿔 둡니다.
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

// 처음 열린 페이지는 MathJax가 스스로 조판합니다. Material의 즉시 이동(navigation.instant)처럼
// 본문만 바뀐 경우에만, 아직 조판되지 않은 수식이 있을 때 다시 조판합니다.
// (조판된 페이지에서 캐시를 비우면 글자 모양 규칙이 사라져 수식이 빈칸으로 보입니다.)
document$.subscribe(() => {
  if (!window.MathJax || !MathJax.typesetPromise) return;
  const untypeset = [...document.querySelectorAll(".arithmatex")].some(
    (el) => !el.querySelector("mjx-container"),
  );
  if (!untypeset) return;
  MathJax.startup.output.clearCache();
  MathJax.typesetClear();
  MathJax.texReset();
  MathJax.typesetPromise();
});

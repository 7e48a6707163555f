"""Build extension of 예제로 배우는 파이토치: runs the examples and fixes their rendered pages."""

"""Gives notebook output images Korean alt text in place of nbconvert's English placeholder."""

import html

PLACEHOLDER = 'alt="No description has been provided for this image"'


def describe_images(content, page_title):
    """Number the page's output images and describe each one in Korean."""
    parts = content.split(PLACEHOLDER)
    out = [parts[0]]
    for n, rest in enumerate(parts[1:], 1):
        out.append(f'alt="{html.escape(page_title)} 예제를 실행해 그린 그림 {n}"')
        out.append(rest)
    return "".join(out)

"""Gives notebook output images Korean alt text in place of nbconvert's English placeholder."""

PLACEHOLDER = "No description has been provided for this image"


def describe_images(doc, page_title):
    """Number the page's output images and describe each one in Korean."""
    n = 0
    for img in doc.elements():
        if img.tag == "img" and img.get("alt") == PLACEHOLDER:
            n += 1
            img.set("alt", f"{page_title} 예제를 실행해 그린 그림 {n}")

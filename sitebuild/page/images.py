"""Gives the page's plots the alt text their outputs carry (run/figure_alt.py), in place of nbconvert's English placeholder."""

PLACEHOLDER = "No description has been provided for this image"
IMAGE_TYPES = ("image/png", "image/jpeg")  # what nbconvert's lab template draws as <div class="jp-RenderedImage"><img>


def image_alts(nb) -> list:
    """The alt text in the metadata of each image output of `nb`, in page order ("" where it has none)."""
    alts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            kind = next((k for k in IMAGE_TYPES if k in output.get("data", {})), None)
            if kind:
                alts.append(output.get("metadata", {}).get(kind, {}).get("alt", ""))
    return alts


def describe_images(doc, alts, page_title):
    """Give the page's output images, in order, the alt texts `alts` of its notebook's image outputs; an
    image without one gets a numbered Korean stand-in. Fails when the two counts differ: the order that
    pairs them would then be wrong."""
    shown = [
        img
        for box in doc.elements()
        if box.tag == "div" and "jp-RenderedImage" in box.classes
        for img in box.elements()
        if img.tag == "img"
    ]
    if len(shown) != len(alts):
        raise ValueError(f"the page shows {len(shown)} output images but its notebook has {len(alts)} image outputs")
    for n, (img, alt) in enumerate(zip(shown, alts), 1):
        if img.get("alt") in (None, PLACEHOLDER):
            img.set("alt", alt or f"{page_title} 예제를 실행해 그린 그림 {n}")

"""What is published: the suite of pages, the index, groups of regions, the HTML export."""

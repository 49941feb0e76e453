from storyline.components import connected_components


def test_links_join_transitively_and_keep_the_order_of_items() -> None:
    groups = connected_components(["e", "a", "c", "b", "d"], [("a", "b"), ("d", "e"), ("b", "c"), ("a", "zz")])
    assert groups == [["e", "d"], ["a", "c", "b"]]


def test_unlinked_items_stand_alone() -> None:
    assert connected_components([3, 1, 2], []) == [[3], [1], [2]]

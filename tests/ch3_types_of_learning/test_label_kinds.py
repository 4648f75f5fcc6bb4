from sklearn.utils.multiclass import type_of_target

from snippets.ch3_types_of_learning.label_kinds import (
    binary,
    genres,
    movie_genres,
    multiclass,
    multilabel,
)


def test_each_target_is_the_kind_its_name_says():
    assert type_of_target(binary) == "binary"
    assert type_of_target(multiclass) == "multiclass"
    assert type_of_target(multilabel) == "multilabel-indicator"


def test_multilabel_rows_mark_exactly_each_movies_genres():
    for genre_set, row in zip(movie_genres, multilabel, strict=True):
        marked = {genre for genre, bit in zip(genres.classes_, row, strict=True) if bit == 1}
        assert marked == genre_set

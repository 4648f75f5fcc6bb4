"""Binary, multi-class and multi-label targets, as a model sees them.

Chapter 3 ("Types of learning"), section 3.1. Run the whole file to see the
output:

    python snippets/ch3_types_of_learning/label_kinds.py
"""

# --8<-- [start:kinds]
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.utils.multiclass import type_of_target

# Binary: one of two classes per example (1 = positive review, 0 = negative).
binary = [1, 0, 1, 1]

# Multi-class: exactly one of several classes per example (digits 0-9).
multiclass = [7, 2, 1, 0, 4]

# Multi-label: any number of labels per example (a comedy AND a romance).
movie_genres = [
    {"comedy", "romance"},
    {"horror"},
    {"comedy"},
    {"romance", "drama"},
]
genres = MultiLabelBinarizer()
multilabel = genres.fit_transform(movie_genres)  # one 0/1 column per genre
# --8<-- [end:kinds]


if __name__ == "__main__":
    # --8<-- [start:kinds_demo]
    print(f"binary      {binary} -> {type_of_target(binary)}")
    print(f"multi-class {multiclass} -> {type_of_target(multiclass)}")
    columns = list(genres.classes_)
    print(f"multi-label columns {columns} -> {type_of_target(multilabel)}")
    for genre_set, row in zip(movie_genres, multilabel, strict=True):
        print(f"  {', '.join(sorted(genre_set)):<16} {row.tolist()}")
    # --8<-- [end:kinds_demo]

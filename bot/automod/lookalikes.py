"""The tables folding reads: l33t look-alikes, the letters digits stand for, and characters of
other scripts that look like Latin letters (`bot/automod/folding.py` uses them)."""

from __future__ import annotations

# Letters that l33t writing replaces with digits or symbols.
LOOKALIKES = {
    "a": "4",
    "b": "8",
    "e": "3",
    "g": "69",
    "i": "1!|",
    "l": "1|",
    "o": "0",
    "s": "5",
    "t": "7+",
    "z": "2",
}
# A digit in a blocked term stands for its letter; `1` is either `i` or `l`.
DIGIT_LETTERS = {
    "0": "o",
    "1": "il",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
}

# Characters from other scripts that look like Latin letters (lower case: `fold` lowers first).
CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ь": "b",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "һ": "h",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    # Latin letters that Unicode does not decompose
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "þ": "th",
    "ŧ": "t",
    "ƀ": "b",
    "ɑ": "a",
    "ɡ": "g",
}

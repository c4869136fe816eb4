"""examples/es-primeros-pasos.cohort runs end to end through `cohort console`, in Spanish.

The admin sets `/setup language es` first; from then on the public posts (the welcome, an
intro, a topic, an announcement) and the private answers (help, a refusal, a usage message, a
time zone, a button press by its Spanish label) are the Spanish catalogue's words: the console
sends no app locale, so the community's language is everyone's.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.cli_support import REPOSITORY, json_lines, run_cohort

EXAMPLE = REPOSITORY / "examples" / "es-primeros-pasos.cohort"


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Everything the example printed, one JSON object a line."""
    workdir = tmp_path_factory.mktemp("es-primeros-pasos")
    arguments = ("console", "--script", str(EXAMPLE), "--json", "--start", "2026-01-05T08:00")
    result = run_cohort(workdir, *arguments)
    assert result.returncode == 0, result.stderr
    return json_lines(result.stdout)


def bot_texts(records: list[dict[str, Any]], kind: str, to: str) -> list[str]:
    """Return what the bot wrote of `kind` to `to` (`"@lucia"`, `"#intros"`), in order."""
    return [
        r["text"] for r in records if r["kind"] == kind and r.get("to") == to and "author" not in r
    ]


def test_the_example_runs_without_errors(records: list[dict[str, Any]]) -> None:
    assert [r for r in records if r["kind"] == "error"] == []


def test_the_members_private_answers_are_in_spanish(records: list[dict[str, Any]]) -> None:
    guidelines, help_text, refused, unknown_zone, zone, intro, pressed = bot_texts(
        records, "ephemeral", "@lucia"
    )

    assert guidelines.startswith("Normas de la comunidad:\n1. Sé amable")
    assert help_text.startswith("Comandos que puedes usar (eres miembro):\n")
    assert "/guidelines — Muestra las normas de la comunidad." in help_text
    assert refused == (
        "/guidelines add requiere el nivel de anfitrión; tú eres miembro. No se ha cambiado nada."
    )
    assert unknown_zone.startswith("No conozco la zona horaria «Marte/Olimpo».")
    assert unknown_zone.endswith("Uso: /profile timezone <zone>")
    assert zone == "Tu zona horaria ahora es Europe/Madrid."
    assert intro.startswith("Tu presentación está publicada en #intros.")
    assert pressed == "Gracias, anotado: has leído este anuncio."


def test_the_hosts_answers_after_setup_language_are_in_spanish(
    records: list[dict[str, Any]],
) -> None:
    answers = bot_texts(records, "ephemeral", "@hana")

    assert answers[1] == "El canal «presentaciones» ahora es #intros."
    assert answers[3] == "Se ha añadido la norma 2."
    assert (
        answers[-1] == "Anuncio 1: ha pulsado Entendido 1 de 1 miembro.\nTodo el mundo lo ha leído."
    )


def test_the_public_posts_are_in_spanish(records: list[dict[str, Any]]) -> None:
    welcome, intro = bot_texts(records, "post", "#intros")
    topic, announcement = bot_texts(records, "post", "#general")

    assert welcome.startswith("¡Te damos la bienvenida, @lucia! 👋 Nos alegra que estés aquí.")
    assert "Cuando quieras, preséntate con /intro" in welcome
    assert intro.startswith("👋 ¡Esta es la presentación de @lucia!\n¡Hola! Soy Lucía")
    assert topic == "💬 Tema de debate: ¿Qué te sorprendió esta semana?"
    assert announcement.startswith("📣 Anuncio 1\n")
    buttons = {r["id"]: r["buttons"] for r in records if r["kind"] == "post" and "author" not in r}
    assert sorted(map(tuple, buttons.values())) == [(), (), ("Entendido",), ("Presentarme",)]


def test_the_member_presses_the_button_by_its_spanish_label(
    records: list[dict[str, Any]],
) -> None:
    [press] = [r for r in records if r["kind"] == "press"]
    assert (press["author"], press["text"]) == ("@lucia", "Entendido")

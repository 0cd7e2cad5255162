#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (fuzz/seeds/<target>/) and the pipeline's dictionary
(fuzz/sprint.dict) from the example site and the test fixtures. Run from the repository's root
after changing the format or the fixtures: python3 fuzz/make-seeds.py"""
import glob, hashlib, json, os

SEPARATOR = b"\n=====\n"  # between a team.toml and a sprint, and between an export's files


def put(target, data):
    folder = os.path.join("fuzz/seeds", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def corpora():
    sprints = sorted(glob.glob("content/*/sprint-*.toml"))
    sprints += sorted(glob.glob("tests/fixtures/**/sprint-*.toml", recursive=True))
    for path in sprints:
        data = read(path)
        put("pipeline", data)
        for change in range(8):  # the first byte of an edit input chooses the change
            put("edit", bytes([change]) + data)
    for team in sorted(glob.glob("content/*/team.toml")):
        put("pipeline", read(team) + SEPARATOR + read(sprints[0]))
    for path in glob.glob("tests/fixtures/import/linear/*.csv"):
        put("import_linear", read(path))
    jira = "tests/fixtures/import/jira/"
    for files in [["issues.csv"], ["bad-sprint.csv"], ["sprints.json", "issues.csv"],
                  ["sprints.json", "changelog.json"], ["sprints.json", "changelog.json", "issues.csv"]]:
        put("import_jira", SEPARATOR.join(read(jira + f) for f in files))
    github = "tests/fixtures/import/github/"
    for files in [["items.json"], ["issues.json"], ["items.json", "issues.json"]]:
        put("import_github", SEPARATOR.join(read(github + f) for f in files))


def entry(text):
    """One dictionary entry in libFuzzer's syntax: quoted, with \\xNN for what is not plain."""
    out = ""
    for b in text.encode():
        c = chr(b)
        out += "\\" + c if c in '"\\' else c if 32 <= b < 127 else "\\x%02X" % b
    return '"' + out + '"'


def dictionary():
    words = set()

    def walk(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "properties" and isinstance(inner, dict):
                    words.update(inner)
                if key == "enum" and isinstance(inner, list):
                    words.update(e for e in inner if isinstance(e, str))
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for schema in sorted(glob.glob(".sprintgen/schemas/*.json")):
        with open(schema) as f:
            walk(json.load(f))
    syntax = ["[[items]]", "[[standups]]", "[[goals]]", "[[risks]]", "[[blockers]]",
              "[[deliverables]]", "[[members]]", "[calendar]", " = ", '"', '"""', "'''", "[", "]",
              "{", "}", ",", "\n", "#", "true", "false", "2025-11-03", "2025-11-14", "2025-11-05",
              "1.5", "inf", "nan", "-0"]
    lines = ["# The keys and value words of sprintgen's file kinds (from .sprintgen/schemas/*.json)",
             "# and TOML's syntax, which libFuzzer splices into inputs. Made by fuzz/make-seeds.py."]
    lines += [entry(w) for w in sorted(words)] + [entry(s) for s in syntax]
    with open("fuzz/sprint.dict", "w") as f:
        f.write("\n".join(lines) + "\n")


corpora()
dictionary()

"""The twelve Dutch provinces with their CBS codes: the reference an imported municipality list is checked against."""

PROVINCES: dict[str, str] = {
    "PV20": "Groningen",
    "PV21": "Fryslân",
    "PV22": "Drenthe",
    "PV23": "Overijssel",
    "PV24": "Flevoland",
    "PV25": "Gelderland",
    "PV26": "Utrecht",
    "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland",
    "PV29": "Zeeland",
    "PV30": "Noord-Brabant",
    "PV31": "Limburg",
}
# Spellings CBS files have used for the same province.
PROVINCE_NAME_ALIASES = {"friesland": "PV21", "fryslan": "PV21", "fryslân": "PV21"}


def province_code_for_name(name: str) -> str | None:
    wanted = (name or "").strip().lower()
    if wanted in PROVINCE_NAME_ALIASES:
        return PROVINCE_NAME_ALIASES[wanted]
    return next((code for code, known in PROVINCES.items() if known.lower() == wanted), None)

"""Report wording in INTERPOL's four official languages, from code lists, not free text.

The PDF is drawn by matplotlib, which does not shape Arabic: an Arabic PDF uses the English
labels (the HTML report is fully Arabic, right to left).
"""

from __future__ import annotations

LANGUAGES = ("ar", "en", "es", "fr")
RTL = frozenset({"ar"})

_LABELS: dict[str, dict[str, str]] = {
    "title": {"en": "Operation report", "fr": "Rapport d'opération",
              "es": "Informe de operación", "ar": "تقرير العملية"},
    "window": {"en": "Window", "fr": "Période", "es": "Periodo", "ar": "الفترة"},
    "coordinator": {"en": "Coordinator", "fr": "Coordination", "es": "Coordinación",
                    "ar": "التنسيق"},
    "participants": {"en": "Participants", "fr": "Participants", "es": "Participantes",
                     "ar": "المشاركون"},
    "generated": {"en": "Generated", "fr": "Établi le", "es": "Generado", "ar": "أُعدّ في"},
    "checks": {"en": "Checks", "fr": "Contrôles", "es": "Controles", "ar": "عمليات التحقق"},
    "hits": {"en": "Hits", "fr": "Concordances", "es": "Coincidencias", "ar": "التطابقات"},
    "outcomes": {"en": "Outcomes", "fr": "Suites données", "es": "Resultados",
                 "ar": "النتائج"},
    "site": {"en": "Site", "fr": "Site", "es": "Lugar", "ar": "الموقع"},
    "day": {"en": "Day (UTC)", "fr": "Jour (UTC)", "es": "Día (UTC)", "ar": "اليوم (UTC)"},
    "by_site": {"en": "By site", "fr": "Par site", "es": "Por lugar", "ar": "حسب الموقع"},
    "by_day": {"en": "By day", "fr": "Par jour", "es": "Por día", "ar": "حسب اليوم"},
    "items": {"en": "Items seized", "fr": "Saisies", "es": "Incautaciones",
              "ar": "المضبوطات"},
    "item": {"en": "Item", "fr": "Objet", "es": "Objeto", "ar": "الصنف"},
    "quantity": {"en": "Quantity", "fr": "Quantité", "es": "Cantidad", "ar": "الكمية"},
    "none": {"en": "None", "fr": "Aucune", "es": "Ninguna", "ar": "لا شيء"},
    "chart_checks": {"en": "Checks per day and site", "fr": "Contrôles par jour et par site",
                     "es": "Controles por día y lugar", "ar": "عمليات التحقق حسب اليوم والموقع"},
    "chart_hits": {"en": "Hits per day", "fr": "Concordances par jour",
                   "es": "Coincidencias por día", "ar": "التطابقات حسب اليوم"},
    "chart_outcomes": {"en": "Outcomes by type", "fr": "Suites par type",
                       "es": "Resultados por tipo", "ar": "النتائج حسب النوع"},
    "no_site": {"en": "(no site given)", "fr": "(site non indiqué)",
                "es": "(lugar no indicado)", "ar": "(لم يُحدَّد الموقع)"},
    "synthetic": {"en": "Figures only: no personal data.",
                  "fr": "Chiffres seulement : aucune donnée personnelle.",
                  "es": "Solo cifras: ningún dato personal.",
                  "ar": "أرقام فقط: لا بيانات شخصية."},
    "arrested": {"en": "Arrested", "fr": "Arrestation", "es": "Detención", "ar": "اعتقال"},
    "located": {"en": "Located", "fr": "Localisation", "es": "Localización", "ar": "تحديد مكان"},
    "identified": {"en": "Identified", "fr": "Identification", "es": "Identificación",
                   "ar": "تحديد هوية"},
    "refused_entry": {"en": "Refused entry", "fr": "Refus d'entrée", "es": "Entrada denegada",
                      "ar": "رفض الدخول"},
    "items_seized": {"en": "Items seized", "fr": "Saisie", "es": "Incautación", "ar": "ضبط"},
    "false_positive": {"en": "False positive", "fr": "Fausse concordance",
                       "es": "Falso positivo", "ar": "تطابق خاطئ"},
    "port": {"en": "port", "fr": "port", "es": "puerto", "ar": "ميناء"},
    "airport": {"en": "airport", "fr": "aéroport", "es": "aeropuerto", "ar": "مطار"},
    "land_crossing": {"en": "land crossing", "fr": "poste frontière terrestre",
                      "es": "paso fronterizo", "ar": "معبر بري"},
}  # fmt: skip


def labels(lang: str) -> dict[str, str]:
    """Every label in ``lang`` (English where a translation is missing)."""
    return {key: texts.get(lang) or texts["en"] for key, texts in _LABELS.items()}

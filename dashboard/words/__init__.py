"""Every word the dashboard and the command line show, in Vietnamese and English.

- `i18n`: the four tables merged into one (`STRINGS`), `t(key, lang)`, `number`,
  and `Words`, the table bound to one language that renderers are handed;
- `viewer`: the viewer's screens (map, filters, legend, profile, records, sources, link notices);
- `staff`: sign-in, import, import history, record editing, the command line;
- `boundary`: reading boundary files and putting them on the map (page and command line);
- `markup`: the one escaper that makes file and URL text inert in Markdown and HTML;
- `boundary_report`: a prepared boundary file as report lines, for the page and the command line.

The intake's messages (reading offices' spreadsheets) live beside the intake,
in `geo/intake/messages.py`, since `geo` never imports the dashboard.
"""

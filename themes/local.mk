# Colour themes: role -> colour, loaded by name with --theme or the config.
themedir = $(pkgdatadir)/themes
dist_theme_DATA = themes/default.theme themes/high-contrast.theme themes/monochrome.theme

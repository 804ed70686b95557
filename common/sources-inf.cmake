# INF parser: syntax (inf_lex.c), parsed file and read access (inf.c, inf_file.c), value formats
# (inf_value.c), UMDF 1 install queries (inf_install.c).
list(APPEND WUDF_COMMON_SOURCES inf.c inf_file.c inf_lex.c inf_value.c inf_install.c)

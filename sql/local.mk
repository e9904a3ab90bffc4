# Migrations, applied in name order by `solardash db migrate`.
sqldir = $(pkgdatadir)/sql
dist_sql_DATA =

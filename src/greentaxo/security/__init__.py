"""What keeps a public server safe from its callers (docs/security.md): SPARQL federation refused before a query
runs (`sparql`), RDF from a request parsed without fetching anything (`rdf`), uploaded spreadsheets opened within
limits (`uploads`), and every CSV/XLSX the project writes kept free of formulas (`cells`)."""

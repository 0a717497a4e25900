"""Word (公文) and CSV exports: `gongwen` (the writer), `boxes` (selected 专栏),
`comparison` (a platform comparison), `indicators` (indicators and targets)."""
from .boxes import export_boxes
from .comparison import export_comparison_csv, export_comparison_docx
from .indicators import export_indicators_csv, export_indicators_docx

__all__ = ["export_boxes", "export_comparison_csv", "export_comparison_docx", "export_indicators_csv",
           "export_indicators_docx"]

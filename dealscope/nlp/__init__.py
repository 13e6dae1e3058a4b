"""spaCy components that find mentions (money, quantities, countries, organizations), deals
and quotes. Imports only ``dealscope.core``."""

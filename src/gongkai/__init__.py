"""公开 Gongkai: government information disclosure under the 2019 《政府信息公开条例》."""

__version__ = "0.1.0"

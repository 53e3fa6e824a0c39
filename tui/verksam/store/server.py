"""placeholder"""
class ServerError(Exception):
    pass

"""The application service: what both shells (the app and the command line) call. No Textual."""

"""Refuse an oversized upload while it arrives, before it is written anywhere.

Django parses a multipart body before any view runs (the CSRF check reads the form), and streams a file
beyond FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file of *unbounded* size; the portal then copied it
once more into its upload folder before `collection.safety` measured it. This handler, first in
FILE_UPLOAD_HANDLERS, stops the parse as soon as one file passes `collection.safety.MAX_FILE_BYTES`
(the same limit the safety check applies) or the request announces more than that plus a form's worth:
the rest of the body is read and discarded, nothing reaches the disk, and `request.upload_too_large`
tells the view to answer with the safety check's own message.
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from intlmon.collection.safety import MAX_FILE_BYTES

FORM_OVERHEAD_BYTES = 64 * 1024  # the other fields and the multipart boundaries around one file


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops the upload of any file larger than MAX_FILE_BYTES; passes every chunk on otherwise."""

    request_length = None  # the whole request's announced size (None when unknown)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_length = content_length

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.request_length and self.request_length > MAX_FILE_BYTES + FORM_OVERHEAD_BYTES:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > MAX_FILE_BYTES:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file

    def _refuse(self):
        self.request.upload_too_large = self.file_name or "?"  # the refused file's name, for the message
        raise StopUpload(connection_reset=False)  # read and discard the rest, so the answer reaches the browser

"""OPC UA source: snapshot, capture and history of machine signals into the long sensor table.

``source`` is what the runner uses; ``address`` finds variables by node id, browse path or
type; ``modes`` reads them; ``session`` connects (security, user, retries, reconnects);
``browse`` serves ``plantset opcua browse`` and ``plantset opcua read``.
"""

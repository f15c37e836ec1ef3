from . import test_booking_documents, test_booking_flow, test_booking_robot, test_booking_rpc

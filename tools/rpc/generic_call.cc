// Blocking generic call (see generic_call.h).
// Thread-safety: not thread-safe; see the header.
#include "tools/rpc/generic_call.h"

namespace opendata::rpc {

GenericCall::GenericCall(grpc::GenericStub* stub, grpc::ClientContext* context,
                         const std::string& method)
    : context_(context), call_(stub->PrepareCall(context, method, &cq_)) {
  call_->StartCall(this);
  started_ = Await();
}

GenericCall::~GenericCall() {
  if (!finished_) {
    context_->TryCancel();
    Finish().IgnoreError();
  }
  cq_.Shutdown();
  void* tag;
  bool ok;
  while (cq_.Next(&tag, &ok)) {
  }
}

bool GenericCall::Write(const grpc::ByteBuffer& message) {
  if (!started_) return false;
  call_->Write(message, this);
  return Await();
}

bool GenericCall::WritesDone() {
  if (!started_) return false;
  call_->WritesDone(this);
  return Await();
}

bool GenericCall::Read(grpc::ByteBuffer* message) {
  if (!started_) return false;
  call_->Read(message, this);
  return Await();
}

grpc::Status GenericCall::Finish() {
  grpc::Status status;
  call_->Finish(&status, this);
  Await();
  finished_ = true;
  return status;
}

bool GenericCall::Await() {
  void* tag;
  bool ok = false;
  return cq_.Next(&tag, &ok) && ok;
}

}  // namespace opendata::rpc

// Blocking driver for one call made through grpc::GenericStub, on a private
// completion queue. Every call is driven as a bidirectional stream, which on
// the wire is valid for unary and streaming methods alike: write the request
// messages, half-close, read the responses, finish.
// Thread-safety: not thread-safe; one thread drives a call.
#ifndef OPENDATA_TOOLS_RPC_GENERIC_CALL_H_
#define OPENDATA_TOOLS_RPC_GENERIC_CALL_H_

#include <memory>
#include <string>

#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/status.h"

namespace opendata::rpc {

class GenericCall {
 public:
  // Starts a call of `method` ("/pkg.Service/Method"). `context` must outlive
  // the call. When starting fails, the other operations fail and Finish() tells
  // why.
  GenericCall(grpc::GenericStub* stub, grpc::ClientContext* context,
              const std::string& method);
  GenericCall(const GenericCall&) = delete;
  GenericCall& operator=(const GenericCall&) = delete;
  // Cancels the call if it was not finished, then drains the completion queue.
  ~GenericCall();

  // Each returns false when the call is over (Finish() tells why).
  bool Write(const grpc::ByteBuffer& message);
  bool WritesDone();
  bool Read(grpc::ByteBuffer* message);

  // Waits for the final status. Call once, after Read() returned false or to
  // abandon the responses.
  grpc::Status Finish();

 private:
  // Waits for the one pending operation (tagged with `this`); returns its ok
  // flag.
  bool Await();

  grpc::ClientContext* context_;
  grpc::CompletionQueue cq_;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call_;
  bool started_ = false;
  bool finished_ = false;
};

}  // namespace opendata::rpc

#endif  // OPENDATA_TOOLS_RPC_GENERIC_CALL_H_
